Feature: Every way a password is set follows the pool's password policy
  The password policy applies wherever a password is chosen: by an administrator creating a user
  or setting a password, by a user signing up, and by a user choosing a new password at the first
  sign-in, as much as by a reset or an update. A password the policy refuses changes nothing: the
  user keeps the password they had, and no account is created. A user created with a temporary
  password is asked, when signing in, for a new password of their own.

  @req_policy_on_admin_create @must @aws_doc
  Scenario Outline: An administrator cannot create a user whose temporary password breaks a rule
    Given a backend defined with login by email
    When an administrator creates a user with the temporary password "<password>"
    Then the call fails with "InvalidPasswordException"
    And no account was created

    Examples:
      | rule             | password |
      | minimum length   | Aa1!aaa  |
      | lowercase letter | AA1!AAAA |
      | uppercase letter | aa1!aaaa |
      | digit            | Aa!aaaaa |
      | symbol           | Aa1aaaaa |

  @req_policy_on_admin_set @must @aws_doc
  Scenario Outline: An administrator cannot set a password that breaks a rule, and the old one stays
    Given a backend defined with login by email
    And a user with a verified email address
    When an administrator sets the user's <kind> password to "<password>"
    Then the call fails with "InvalidPasswordException"
    And the user can still sign in with their old password

    Examples:
      | kind      | rule             | password |
      | permanent | minimum length   | Aa1!aaa  |
      | permanent | lowercase letter | AA1!AAAA |
      | permanent | uppercase letter | aa1!aaaa |
      | permanent | digit            | Aa!aaaaa |
      | permanent | symbol           | Aa1aaaaa |
      | temporary | minimum length   | Aa1!aaa  |
      | temporary | symbol           | Aa1aaaaa |

  @req_policy_on_sign_up @must @aws_doc @amplify_src
  Scenario Outline: signUp refuses a password that breaks a rule, and creates no account
    Given a backend defined with login by email
    When a new user signs up with the password "<password>"
    Then the call fails with "InvalidPasswordException"
    And no account was created

    Examples:
      | rule             | password |
      | minimum length   | Aa1!aaa  |
      | lowercase letter | AA1!AAAA |
      | uppercase letter | aa1!aaaa |
      | digit            | Aa!aaaaa |
      | symbol           | Aa1aaaaa |

  @req_first_sign_in_asks_for_new_password @must @amplify_src @aws_doc
  Scenario: Signing in with a temporary password asks for a new password
    Given a backend defined with login by email
    And a user with a verified email address who has only a temporary password
    When the user signs in with their temporary password
    Then signing in asks for a new password

  @req_policy_on_first_sign_in @must @aws_doc @amplify_src
  Scenario Outline: confirmSignIn refuses a first password that breaks a rule, and the temporary one stays
    Given a backend defined with login by email
    And a user with a verified email address who has only a temporary password
    And the user signed in with their temporary password
    When the user confirms the sign-in with the new password "<password>"
    Then the call fails with "InvalidPasswordException"
    And signing in with their old password leads to the next step "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED"

    Examples:
      | rule             | password |
      | minimum length   | Aa1!aaa  |
      | lowercase letter | AA1!AAAA |
      | uppercase letter | aa1!aaaa |
      | digit            | Aa!aaaaa |
      | symbol           | Aa1aaaaa |

  @req_first_sign_in_sets_password @must @amplify_src @aws_doc
  Scenario: confirmSignIn with a good new password signs the user in, and only that password works after
    Given a backend defined with login by email
    And a user with a verified email address who has only a temporary password
    And the user signed in with their temporary password
    When the user confirms the sign-in with the new password "N3w-Passw0rd!"
    Then the user is signed in
    And the user can sign in with "N3w-Passw0rd!"
    And the user can no longer sign in with their old password

  @req_expired_invitation_resent @must @aws_doc @needs_clock
  Scenario: An administrator's new invitation replaces an expired temporary password
    Given a backend defined with login by email
    And a user with a verified email address who has only a temporary password
    And 8 days pass
    And an administrator has sent the invitation again with a new temporary password
    When the user signs in with their temporary password
    Then signing in asks for a new password
