Feature: The password policy
  Every new password, whether set through confirmResetPassword or updatePassword, must satisfy the
  user pool's password policy. Amplify defines a default policy, which a backend can override. The
  seed documentation page (as of May 2024) and Amplify's code disagree on parts of the default; both
  claims are stated here as separate requirements so that reports show the disagreement. The page
  as changed in October 2024 lists the symbol rule too.

  @req_default_policy_rules @must @seed @amplify_src
  Scenario Outline: The default policy asks for 8 characters, lower and upper case letters and digits
    Given a backend defined with login by email
    And a user with a verified email address
    When the user resets their password to "<password>"
    Then the new password is <verdict>

    Examples:
      | rule                  | password | verdict                                 |
      | minimum length        | Aa1!aaa  | refused with "InvalidPasswordException" |
      | minimum length        | Aa1!aaaa | accepted                                |
      | lowercase letter      | AA1!AAAA | refused with "InvalidPasswordException" |
      | uppercase letter      | aa1!aaaa | refused with "InvalidPasswordException" |
      | digit                 | Aa!aaaaa | refused with "InvalidPasswordException" |

  @req_default_policy_requires_symbols @must @amplify_src @observed
  Scenario: The default policy Amplify deploys also requires a symbol
    Given a backend defined with login by email
    And a user with a verified email address
    When the user resets their password to "Aa1aaaaa"
    Then the new password is refused with "InvalidPasswordException"

  @req_seed_default_policy_without_symbols @should @seed
  Scenario: The seed page's default policy lists no symbol rule
    Given a backend defined with login by email
    And a user with a verified email address
    When the user resets their password to "Aa1aaaaa"
    Then the new password is accepted

  @req_seed_default_policy_with_symbols @must @seed
  Scenario Outline: The page as changed in October 2024 lists a symbol among the default rules
    Given a backend defined with login by email
    And a user with a verified email address
    When the user resets their password to "<password>"
    Then the new password is <verdict>

    Examples:
      | rule broken      | password | verdict                                 |
      | none             | Aa1!aaaa | accepted                                |
      | minimum length   | Aa1!aaa  | refused with "InvalidPasswordException" |
      | lowercase letter | AA1!AAAA | refused with "InvalidPasswordException" |
      | uppercase letter | aa1!aaaa | refused with "InvalidPasswordException" |
      | number           | Aa!aaaaa | refused with "InvalidPasswordException" |
      | symbol           | Aa1aaaaa | refused with "InvalidPasswordException" |

  @req_default_policy_deployed @must @amplify_src @observed
  Scenario: The user pool carries the default policy Amplify deploys
    Given a backend defined with login by email
    Then the user pool's password policy is
      | setting                       | value |
      | MinimumLength                 | 8     |
      | RequireLowercase              | true  |
      | RequireUppercase              | true  |
      | RequireNumbers                | true  |
      | RequireSymbols                | true  |

  @req_default_temporary_validity_described @should @observed
  Scenario: The user pool describes the default validity of temporary passwords as 7 days
    Given a backend defined with login by email
    Then temporary passwords are valid for 7 days, as the user pool describes it

  @req_policy_failure_reasons @should @observed
  Scenario Outline: A refused password names the rule it breaks
    Given a backend defined with login by email
    And a user with a verified email address
    When the user resets their password to "<password>"
    Then the new password is refused with "InvalidPasswordException"
    And the refusal gives the reason "<reason>"

    Examples:
      | password | reason                                  |
      | Aa1!aaa  | Password not long enough                |
      | AA1!AAAA | Password must have lowercase characters |
      | aa1!aaaa | Password must have uppercase characters |
      | Aa!aaaaa | Password must have numeric characters   |
      | Aa1aaaaa | Password must have symbol characters    |

  @req_policy_refusal_names_one_rule @should @observed
  Scenario: A password breaking several rules is refused for one of them
    Given a backend defined with login by email
    And a user with a verified email address
    When the user resets their password to "aaaaaaa"
    Then the new password is refused with "InvalidPasswordException"
    And the refusal names exactly one rule

  @req_policy_on_confirm_keeps_old_password @must @aws_doc
  Scenario: A refused new password leaves the old one in place
    Given a backend defined with login by email
    And a user with a verified email address
    When the user resets their password to "Aa1!aaa"
    Then the new password is refused with "InvalidPasswordException"
    And the user can still sign in with their old password

  @req_seed_example_password @should @seed
  Scenario Outline: The seed page's example passwords work under the default policy
    Given a backend defined with login by email
    And a user with a verified email address
    When the user resets their password to "<password>"
    Then the new password is accepted

    Examples:
      | password |
      | hunter2  |
      | hunter3  |

  @req_seed_example_password_refused @must @amplify_src
  Scenario Outline: The seed page's example passwords break the policy Amplify deploys
    Given a backend defined with login by email
    And a user with a verified email address
    When the user resets their password to "<password>"
    Then the new password is refused with "InvalidPasswordException"

    Examples:
      | password |
      | hunter2  |
      | hunter3  |

  @req_symbol_set @must @aws_doc
  Scenario Outline: Each of Cognito's symbols satisfies the symbol rule
    Given a backend defined with login by email
    And a user with a verified email address
    When the user resets their password to "Aa1aaaa" followed by "<symbol>"
    Then the new password is accepted

    Examples:
      | symbol |
      | ^      |
      | $      |
      | *      |
      | .      |
      | [      |
      | ]      |
      | {      |
      | }      |
      | (      |
      | )      |
      | ?      |
      | "      |
      | !      |
      | @      |
      | #      |
      | %      |
      | &      |
      | /      |
      | \\     |
      | ,      |
      | >      |
      | <      |
      | '      |
      | :      |
      | ;      |
      | \|     |
      | _      |
      | ~      |
      | `      |
      | =      |
      | +      |
      | -      |

  @req_inner_space_is_a_symbol @must @aws_doc
  Scenario: A space inside the password counts as a symbol
    Given a backend defined with login by email
    And a user with a verified email address
    When the user resets their password to "Aa1 aaaa"
    Then the new password is accepted

  @req_other_characters_are_not_symbols @must @aws_doc
  Scenario Outline: Characters outside Cognito's symbol set do not satisfy the symbol rule
    Given a backend defined with login by email
    And a user with a verified email address
    When the user resets their password to "Aa1aaaa" followed by "<character>"
    Then the new password is refused with "InvalidPasswordException"

    Examples:
      | character |
      | §         |
      | €         |
      | £         |
      | ¿         |

  @req_surrounding_whitespace_refused @must @observed
  Scenario Outline: A password may not start or end with whitespace
    Given a backend defined with login by email
    And a user with a verified email address
    When the user resets their password to "Aa1!aaaa" with a <whitespace> <where> it
    Then the new password is refused
    And the user can still sign in with their old password

    Examples:
      | whitespace | where            |
      | space      | before           |
      | space      | after            |
      | space      | before and after |
      | tab        | before           |
      | tab        | after            |

  @req_maximum_password_length @must @aws_doc
  Scenario Outline: A password may be up to 256 characters long
    Given a backend defined with login by email
    And a user with a verified email address
    When the user resets their password to a compliant password of <length> characters
    Then the new password is <verdict>

    Examples:
      | length | verdict  |
      | 255    | accepted |
      | 256    | accepted |
      | 257    | refused  |

  @req_basic_latin_case @must @aws_doc
  Scenario Outline: Only a Basic Latin capital satisfies the uppercase rule
    Given a backend defined with login by email
    And a user with a verified email address
    When the user resets their password to "aa1!aaaa" followed by "<capital>"
    Then the new password is <verdict>

    Examples:
      | capital | a capital of      | verdict                                 |
      | A       | Basic Latin       | accepted                                |
      | É       | Latin-1           | refused with "InvalidPasswordException" |
      | Ω       | Greek             | refused with "InvalidPasswordException" |
      | Ж       | Cyrillic          | refused with "InvalidPasswordException" |
      | Ａ      | full-width Latin  | refused with "InvalidPasswordException" |

  @req_basic_latin_case @must @aws_doc
  Scenario Outline: Only a Basic Latin small letter satisfies the lowercase rule
    Given a backend defined with login by email
    And a user with a verified email address
    When the user resets their password to "AA1!AAAA" followed by "<small letter>"
    Then the new password is <verdict>

    Examples:
      | small letter | a small letter of | verdict                                 |
      | a            | Basic Latin       | accepted                                |
      | é            | Latin-1           | refused with "InvalidPasswordException" |
      | ß            | Latin-1 (sharp s) | refused with "InvalidPasswordException" |
      | ω            | Greek             | refused with "InvalidPasswordException" |
      | ж            | Cyrillic          | refused with "InvalidPasswordException" |
      | ａ           | full-width Latin  | refused with "InvalidPasswordException" |
