Feature: Overriding the password policy
  A backend can change the password policy through the CDK: either with addPropertyOverride on the
  L1 user pool, as the seed page of May 2024 shows, or by assigning the user pool's policies, as the
  page shows since October 2024. Cognito accepts a
  minimum length from 6 to 99: a backend setting another does not deploy. The override route
  changes the deployed pool but not what amplify_outputs tells client apps about the policy.

  @req_seed_minimum_length_override @must @seed
  Scenario Outline: The documented override raises the minimum length to 32
    Given a backend defined with login by email and the minimum password length overridden to 32
    And a user with a verified email address
    When the user resets their password to a compliant password of <length> characters
    Then the new password is <verdict>

    Examples:
      | length | verdict                                 |
      | 31     | refused with "InvalidPasswordException" |
      | 32     | accepted                                |

  @req_seed_policies_assignment @must @seed
  Scenario Outline: The page's policies assignment of October 2024 raises the minimum length to 32
    Given a backend defined with login by email and its password policy assigned a minimum length of 32 and temporary passwords valid for 20 days
    And a user with a verified email address
    When the user resets their password to a compliant password of <length> characters
    Then the new password is <verdict>

    Examples:
      | length | verdict                                 |
      | 31     | refused with "InvalidPasswordException" |
      | 32     | accepted                                |

  @req_seed_policies_assignment @must @seed
  Scenario: The page's policies assignment of October 2024 deploys both of its numbers
    Given a backend defined with login by email and its password policy assigned a minimum length of 32 and temporary passwords valid for 20 days
    Then the user pool's password policy is
      | setting                       | value |
      | MinimumLength                 | 32    |
      | TemporaryPasswordValidityDays | 20    |

  @req_seed_policies_assignment @must @seed @needs_clock
  Scenario: Under the page's policies assignment of October 2024 a temporary password lasts 20 days
    Given a backend defined with login by email and its password policy assigned a minimum length of 32 and temporary passwords valid for 20 days
    And a user with a verified email address who has only a temporary password
    And 19 days and 23 hours pass
    When the user signs in with their temporary password
    Then signing in asks for a new password

  @req_override_keeps_other_rules @must @amplify_src
  Scenario: Overriding the minimum length leaves the other rules as they were
    Given a backend defined with login by email and the minimum password length overridden to 32
    Then the user pool's password policy is
      | setting          | value |
      | MinimumLength    | 32    |
      | RequireLowercase | true  |
      | RequireUppercase | true  |
      | RequireNumbers   | true  |
      | RequireSymbols   | true  |

  @req_override_not_in_outputs @must @amplify_src
  Scenario: amplify_outputs still reports the old minimum length after an override
    Given a backend defined with login by email and the minimum password length overridden to 32
    Then amplify_outputs reports a minimum password length of 8

  @req_assigned_policy_in_outputs @must @amplify_src
  Scenario: Assigning the user pool's policies changes both the pool and amplify_outputs
    Given a backend defined with login by email and its password policy assigned a minimum length of 12
    And a user with a verified email address
    When the user resets their password to a compliant password of 11 characters
    Then the new password is refused with "InvalidPasswordException"
    And amplify_outputs reports a minimum password length of 12

  @req_minimum_length_boundaries @must @aws_doc
  Scenario Outline: The minimum length is enforced exactly at its boundary
    Given a backend defined with login by email and the minimum password length overridden to <minimum>
    And a user with a verified email address
    When the user resets their password to a compliant password of <length> characters
    Then the new password is <verdict>

    Examples:
      | minimum | length | verdict                                 |
      | 6       | 5      | refused with "InvalidPasswordException" |
      | 6       | 6      | accepted                                |
      | 99      | 98     | refused with "InvalidPasswordException" |
      | 99      | 99     | accepted                                |

  @req_minimum_length_range_service @must @aws_doc
  Scenario Outline: The service accepts a minimum length from 6 to 99 only
    When a user pool is created directly with a minimum password length of <minimum>
    Then the service <answer>

    Examples:
      | minimum | answer                                           |
      | 5       | refuses it with "InvalidParameterException"      |
      | 6       | accepts it                                       |
      | 99      | accepts it                                       |
      | 100     | refuses it with "InvalidParameterException"      |

  @req_temporary_validity_range_service @must @aws_doc
  Scenario Outline: The service accepts temporary passwords valid for up to 365 days
    When a user pool is created directly with temporary passwords valid for <days> days
    Then the service <answer>

    Examples:
      | days | answer                                      |
      | 365  | accepts it                                  |
      | 366  | refuses it with "InvalidParameterException" |

  @req_minimum_length_range_definition @must @aws_doc
  Scenario Outline: A backend with a minimum length Cognito cannot take does not deploy
    When a backend is defined with login by email and the minimum password length overridden to <minimum>
    Then the backend does not deploy

    Examples:
      | minimum |
      | 5       |
      | 100     |
