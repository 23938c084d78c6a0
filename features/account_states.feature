Feature: Disabled, administrator-reset and differently written accounts
  Resetting a password must respect what an administrator did to the account and find the
  account however the user writes their name: a disabled account gets no code and loses its
  sessions, an account an administrator reset is finished with a code, and a Gen 2 user pool
  does not tell names apart by letter case.

  @req_disabled_user_gets_no_code @must @aws_doc
  Scenario Outline: No code ever reaches a disabled user
    Given a backend defined with <definition>
    And a user with a verified email address
    And an administrator has disabled the user
    When the user asks to reset their password
    Then no reset code reaches the user

    Examples:
      | definition                                         |
      | login by email                                     |
      | login by email and user existence errors revealed  |

  @req_unconfirmed_user_gets_no_code @must @aws_doc
  Scenario: A user who signed up and never confirmed gets no code
    Given a backend defined with login by email
    And a user who signed up and has not confirmed their email address
    When the user asks to reset their password
    Then no reset code reaches the user

  @req_disabling_ends_sessions @must @aws_doc
  Scenario: Disabling a user ends the sessions they had, even after they are enabled again
    Given a backend defined with login by email
    And a user with a verified email address
    And the user is signed in
    And an administrator has disabled the user
    And an administrator has enabled the user again
    When the user updates their password to "N3w-Passw0rd!"
    Then the call fails with "NotAuthorizedException"
    And the user can still sign in with their old password

  @req_admin_reset_requires_new_password @must @amplify_src @aws_doc
  Scenario: After an administrator resets the password, signing in asks for a reset and a code is sent
    Given a backend defined with login by email
    And a user with a verified email address
    And an administrator has reset the user's password
    Then signing in with their old password leads to the next step "RESET_PASSWORD"
    And a reset code reached the user by EMAIL

  @req_admin_reset_completed_with_code @must @aws_doc
  Scenario: The code an administrator's reset sent completes the reset
    Given a backend defined with login by email
    And a user with a verified email address
    And an administrator has reset the user's password
    When the user confirms the reset with the code they received and the new password "N3w-Passw0rd!"
    Then the call succeeds and returns nothing
    And the user can sign in with "N3w-Passw0rd!"

  @req_username_case_insensitive @must @amplify_src @aws_doc
  Scenario: Asking for a code with the username in other letter cases reaches the same user
    Given a backend defined with login by email
    And a user with a verified email address
    When the user asks to reset their password giving their username in upper case
    Then the reset code is sent by EMAIL to the user's email

  @req_username_case_insensitive @must @amplify_src @aws_doc
  Scenario: Confirming with the username in other letter cases resets the same user
    Given a backend defined with login by email
    And a user with a verified email address
    And the user asked to reset their password
    When the user confirms the reset giving their username in mixed case, with the code they received and the new password "N3w-Passw0rd!"
    Then the call succeeds and returns nothing
    And the user can sign in with "N3w-Passw0rd!"
