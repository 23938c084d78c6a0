Feature: updatePassword changes a signed-in user's password
  A signed-in user changes their password by giving the current one and a new one. The service
  checks the current password and the pool's policy; afterwards only the new password signs in.

  @req_update_changes_password @must @seed @aws_doc
  Scenario: A signed-in user replaces their password
    Given a backend defined with login by email
    And a user with a verified email address
    And the user is signed in
    When the user updates their password to "N3w-Passw0rd!"
    Then the call succeeds and returns nothing
    And the user can sign in with "N3w-Passw0rd!"
    And the user can no longer sign in with their old password

  @req_update_wrong_current_password @must @observed
  Scenario: A wrong current password is refused
    Given a backend defined with login by email
    And a user with a verified email address
    And the user is signed in
    When the user updates their password giving "Wr0ng-Current!" as the current one and "N3w-Passw0rd!" as the new one
    Then the call fails with "NotAuthorizedException"
    And the user can still sign in with their old password

  @req_update_error_messages @should @observed
  Scenario: A wrong current password carries Cognito's message unchanged
    Given a backend defined with login by email
    And a user with a verified email address
    And the user is signed in
    When the user updates their password giving "Wr0ng-Current!" as the current one and "N3w-Passw0rd!" as the new one
    Then the call fails with "NotAuthorizedException" and the message "Incorrect username or password."

  @req_update_error_messages @should @observed
  Scenario: A revoked session carries Cognito's message unchanged
    Given a backend defined with login by email
    And a user with a verified email address
    And the user is signed in
    And the user's tokens were revoked by a global sign-out on another device
    When the user updates their password to "N3w-Passw0rd!"
    Then the call fails with "NotAuthorizedException" and the message "Access Token has been revoked"

  @req_update_signed_out @must @amplify_src
  Scenario: A signed-out user cannot update a password
    Given a backend defined with login by email
    And a user with a verified email address
    When the user updates their password to "N3w-Passw0rd!"
    Then the call fails with "UserUnAuthenticatedException"
    And no request reached the service

  @req_update_revoked_session @must @aws_doc
  Scenario: A session revoked by a global sign-out cannot update the password
    Given a backend defined with login by email
    And a user with a verified email address
    And the user is signed in
    And the user's tokens were revoked by a global sign-out on another device
    When the user updates their password to "N3w-Passw0rd!"
    Then the call fails with "NotAuthorizedException"
    And the user can still sign in with their old password

  @req_update_rate_limit @must @aws_doc @needs_rate_limits
  Scenario: A sixth password change within an hour is refused
    Given a backend defined with login by email
    And a user with a verified email address
    And the user is signed in
    And the user has updated their password 5 times in the last hour
    When the user updates their password to "N3w-Passw0rd!"
    Then the call fails with "LimitExceededException"
    And the user can still sign in with their old password

  @req_update_empty_inputs @must @amplify_src
  Scenario Outline: updatePassword needs both passwords before calling the service
    Given a backend defined with login by email
    And a user with a verified email address
    And the user is signed in
    When updatePassword is called with old password <old> and new password <new>
    Then the call fails with "EmptyUpdatePassword"
    And no request reached the service

    Examples:
      | old             | new             |
      | ""              | "N3w-Passw0rd!" |
      | "Old-Passw0rd!" | ""              |
      | ""              | ""              |

  @req_update_enforces_policy @must @observed
  Scenario Outline: updatePassword enforces the password policy
    Given a backend defined with login by email
    And a user with a verified email address
    And the user is signed in
    When the user updates their password to "<new password>"
    Then the new password is refused with "InvalidPasswordException"
    And the user can still sign in with their old password

    Examples: one rule broken at a time under the default policy
      | new password |
      | Aa1!aaa      |
      | AA1!AAAA     |
      | aa1!aaaa     |
      | Aa!aaaaa     |
      | Aa1aaaaa     |
