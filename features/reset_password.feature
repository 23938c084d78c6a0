Feature: resetPassword sends a reset code
  resetPassword asks the service to send the user a code that proves they own the account. The
  caller learns what happens next and where the code went, with the destination masked. The
  service must not reveal whether an account exists when the app client prevents user existence
  errors, which is how Amplify sets up its app client.

  @req_reset_next_step_documented @must @seed
  Scenario: resetPassword answers with one of the documented next steps
    Given a backend defined with login by email
    And a user with a verified email address
    When the user asks to reset their password
    Then the next step is one of "CONFIRM_RESET_PASSWORD_WITH_CODE, DONE"

  @req_reset_always_code_step @must @amplify_src
  Scenario: resetPassword always asks for the code, never reports the reset as done
    Given a backend defined with login by email
    And a user with a verified email address
    When the user asks to reset their password
    Then the next step is "CONFIRM_RESET_PASSWORD_WITH_CODE"
    And the password is not reported as reset yet

  @req_reset_delivery_details @must @seed @amplify_src
  Scenario: resetPassword tells where the code was sent
    Given a backend defined with login by email
    And a user with a verified email address
    When the user asks to reset their password
    Then the reset code is sent by EMAIL to the user's email

  @req_email_destination_masked @should @observed
  Scenario Outline: An email destination shows only the first letters of the name and the domain
    Given a backend defined with login by email
    And a user with the verified email address "<address>"
    When the user asks to reset their password
    Then the destination is shown as "<shown>"

    Examples:
      | address             | shown     |
      | test@test.com       | t***@t*** |
      | hello@mycompany.com | h***@m*** |
      | a.b@c.io            | a***@c*** |

  @req_email_destination_hidden @must @observed
  Scenario: An email destination shows nothing of the address but its first letters
    Given a backend defined with login by email
    And a user with the verified email address "hello@mycompany.com"
    When the user asks to reset their password
    Then the destination does not reveal the user's email address

  @req_phone_destination_masked @should @observed @needs_sms
  Scenario: A phone destination shows only the last four digits
    Given a backend defined with login by phone
    And a user with the verified phone number "+15555556828"
    When the user asks to reset their password
    Then the destination is shown as "+*******6828"

  @req_phone_destination_hidden @must @observed @needs_sms
  Scenario: A phone destination shows nothing of the number but its last four digits
    Given a backend defined with login by phone
    And a user with the verified phone number "+15555556828"
    When the user asks to reset their password
    Then the destination ends with "6828"
    And the destination does not reveal the user's phone number

  @req_app_client_prevents_user_existence_errors @must @amplify_src
  Scenario: Amplify's app client prevents user existence errors
    Given a backend defined with login by email
    Then the app client prevents user existence errors

  @req_unknown_user_prevented @must @aws_doc
  Scenario: An unknown user looks like a known one when user existence errors are prevented
    Given a backend defined with login by email
    And no user is registered under the name being reset
    When the user asks to reset their password
    Then the next step is "CONFIRM_RESET_PASSWORD_WITH_CODE"
    And the code delivery details name the medium "EMAIL" and the attribute "email"
    And no reset code reaches the user

  @req_unknown_user_destination_masked @must @aws_doc @observed
  Scenario: The simulated delivery for an unknown user is masked like a real one
    Given a backend defined with login by email
    And no user is registered under the name being reset
    When the user asks to reset their password
    Then the code delivery details name the medium "EMAIL" and the attribute "email"
    And the destination is masked like a real email address and shows no more of the name asked for

  @req_unknown_user_revealed @must @aws_doc @observed
  Scenario: An unknown user is reported when user existence errors are revealed
    Given a backend defined with login by email and user existence errors revealed
    And no user is registered under the name being reset
    When the user asks to reset their password
    Then the call fails with "UserNotFoundException"

  @req_no_verified_channel @must @observed
  Scenario: A user with no verified email or phone cannot receive a code
    Given a backend defined with login by email and user existence errors revealed
    And a user with an unverified email address
    When the user asks to reset their password
    Then the call fails with "InvalidParameterException"
    And no reset code reaches the user

  @req_no_verified_channel_prevented @must @observed @aws_doc
  Scenario: With user existence errors prevented, a user with no verified channel still gets no code
    Given a backend defined with login by email
    And a user with an unverified email address
    When the user asks to reset their password
    Then the call either fails with "InvalidParameterException" or looks like a delivery
    And no reset code reaches the user

  @req_temporary_password_user_cannot_reset @must @observed
  Scenario: A user who has only a temporary password cannot reset it
    Given a backend defined with login by email
    And a user with a verified email address who has only a temporary password
    When the user asks to reset their password
    Then the call fails with "NotAuthorizedException"
    And no reset code reaches the user

  @req_disabled_user_revealed @should @observed
  Scenario: A disabled user's reset fails when user existence errors are revealed
    Given a backend defined with login by email and user existence errors revealed
    And a user with a verified email address
    And an administrator has disabled the user
    When the user asks to reset their password
    Then the call fails
    And no reset code reaches the user

  @req_disabled_user_prevented @should @observed
  Scenario: A disabled user looks like any other user when user existence errors are prevented
    Given a backend defined with login by email
    And a user with a verified email address
    And an administrator has disabled the user
    When the user asks to reset their password
    Then the next step is "CONFIRM_RESET_PASSWORD_WITH_CODE"
    And the code delivery details name the medium "EMAIL" and the attribute "email"
    And no reset code reaches the user

  @req_reset_error_messages @should @observed
  Scenario Outline: resetPassword's errors carry Cognito's messages unchanged
    Given a backend defined with login by email and user existence errors revealed
    And <who>
    When the user asks to reset their password
    Then the call fails with "<error>" and the message "<message>"

    Examples:
      | who                                                                       | error                     | message                                                                                      |
      | no user is registered under the name being reset                          | UserNotFoundException     | Username/client id combination not found.                                                    |
      | a user with a verified email address who has only a temporary password | NotAuthorizedException    | User password cannot be reset in the current state.                                          |
      | a user with an unverified email address                                   | InvalidParameterException | Cannot reset password for the user as there is no registered/verified email or phone_number |

  @req_reset_empty_username @must @amplify_src
  Scenario: resetPassword refuses an empty username before calling the service
    Given a backend defined with login by email
    When resetPassword is called with an empty username
    Then the call fails with "EmptyResetPasswordUsername"
    And no request reached the service
