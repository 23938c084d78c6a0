Feature: confirmResetPassword sets a new password with the code
  The user proves they received the reset code and chooses a new password. The code is checked
  (right, recent, issued), the new password must satisfy the pool's policy, and afterwards only
  the new password signs in.

  @req_confirm_reset_sets_password @must @seed @aws_doc
  Scenario: The code and a new password replace the old password
    Given a backend defined with login by email
    And a user with a verified email address
    And the user asked to reset their password
    When the user confirms the reset with the code they received and the new password "N3w-Passw0rd!"
    Then the call succeeds and returns nothing
    And the user can sign in with "N3w-Passw0rd!"
    And the user can no longer sign in with their old password

  @req_replaced_password_refused_as_incorrect @must @observed
  Scenario: Signing in with the replaced password is refused like any wrong password
    Given a backend defined with login by email
    And a user with a verified email address
    And the user asked to reset their password
    When the user confirms the reset with the code they received and the new password "N3w-Passw0rd!"
    Then signing in with their old password fails with "NotAuthorizedException"

  @req_confirm_wrong_code @must @observed
  Scenario: A wrong code is refused and the password stays as it was
    Given a backend defined with login by email
    And a user with a verified email address
    And the user asked to reset their password
    When the user confirms the reset with a code they did not receive and the new password "N3w-Passw0rd!"
    Then the call fails with "CodeMismatchException"
    And the user can still sign in with their old password

  @req_confirm_code_valid_for_an_hour @must @aws_doc @needs_clock
  Scenario: A code still works just before its hour is up
    Given a backend defined with login by email
    And a user with a verified email address
    And the user asked to reset their password
    And 59 minutes pass
    When the user confirms the reset with the code they received and the new password "N3w-Passw0rd!"
    Then the call succeeds and returns nothing
    And the user can sign in with "N3w-Passw0rd!"

  @req_confirm_expired_code @must @aws_doc @observed @needs_clock
  Scenario: A code older than an hour has expired
    Given a backend defined with login by email
    And a user with a verified email address
    And the user asked to reset their password
    And 61 minutes pass
    When the user confirms the reset with the code they received and the new password "N3w-Passw0rd!"
    Then the call fails with "ExpiredCodeException"
    And the user can still sign in with their old password

  @req_confirm_without_requesting_a_code @must @aws_doc
  Scenario: A code is refused when none was ever requested
    Given a backend defined with login by email
    And a user with a verified email address
    When the user confirms the reset with code "123456" and the new password "N3w-Passw0rd!"
    Then the call fails with "ExpiredCodeException"
    And the user can still sign in with their old password

  @req_confirm_newest_code_works @should @observed
  Scenario: After asking twice, the newest code works
    Given a backend defined with login by email
    And a user with a verified email address
    And the user asked to reset their password
    And the user asked to reset their password again
    When the user confirms the reset with the code they received and the new password "N3w-Passw0rd!"
    Then the call succeeds and returns nothing
    And the user can sign in with "N3w-Passw0rd!"

  @req_confirm_unknown_user_prevented @must @aws_doc
  Scenario: Confirming for an unknown user looks like a wrong code when user existence errors are prevented
    Given a backend defined with login by email
    And no user is registered under the name being reset
    When the user confirms the reset with code "123456" and the new password "N3w-Passw0rd!"
    Then the call fails with "CodeMismatchException"

  @req_confirm_disabled_user_prevented @must @aws_doc
  Scenario: Confirming for a disabled user looks like a wrong code when user existence errors are prevented
    Given a backend defined with login by email
    And a user with a verified email address
    And the user asked to reset their password
    And an administrator has disabled the user
    When the user confirms the reset with the code they received and the new password "N3w-Passw0rd!"
    Then the call fails with "CodeMismatchException"

  @req_confirm_unknown_user_revealed @should @aws_doc
  Scenario: Confirming for an unknown user is reported when user existence errors are revealed
    Given a backend defined with login by email and user existence errors revealed
    And no user is registered under the name being reset
    When the user confirms the reset with code "123456" and the new password "N3w-Passw0rd!"
    Then the call fails with "UserNotFoundException"

  @req_confirm_error_messages @should @observed
  Scenario: A wrong code carries Cognito's message unchanged
    Given a backend defined with login by email
    And a user with a verified email address
    And the user asked to reset their password
    When the user confirms the reset with a code they did not receive and the new password "N3w-Passw0rd!"
    Then the call fails with "CodeMismatchException" and the message "Invalid verification code provided, please try again."

  @req_expired_code_message @should @observed @needs_clock
  Scenario: An expired code carries Cognito's message unchanged
    Given a backend defined with login by email
    And a user with a verified email address
    And the user asked to reset their password
    And 61 minutes pass
    When the user confirms the reset with the code they received and the new password "N3w-Passw0rd!"
    Then the call fails with "ExpiredCodeException" and the message "Invalid code provided, please request a code again."

  @req_confirm_keeps_other_sessions @should @observed
  Scenario: Resetting the password does not sign out a session that is already open
    Given a backend defined with login by email
    And a user with a verified email address
    And the user is signed in
    And the user asked to reset their password
    When the user confirms the reset with the code they received and the new password "N3w-Passw0rd!"
    Then the user's open session is still accepted by the service

  @req_confirm_empty_inputs @must @amplify_src
  Scenario Outline: confirmResetPassword checks for empty inputs before calling the service, in a fixed order
    Given a backend defined with login by email
    When confirmResetPassword is called with username <username>, new password <new password> and code <code>
    Then the call fails with "<error>"
    And no request reached the service

    Examples:
      | username            | new password    | code     | error                                     |
      | ""                  | ""              | ""       | EmptyConfirmResetPasswordUsername         |
      | ""                  | "N3w-Passw0rd!" | "123456" | EmptyConfirmResetPasswordUsername         |
      | "someone@example.com" | ""            | ""       | EmptyConfirmResetPasswordNewPassword      |
      | "someone@example.com" | ""            | "123456" | EmptyConfirmResetPasswordNewPassword      |
      | "someone@example.com" | "N3w-Passw0rd!" | ""     | EmptyConfirmResetPasswordConfirmationCode |
