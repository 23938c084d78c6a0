Feature: A reset code belongs to one user and one request, and guessing it is limited
  A reset code proves that the person resetting a password received the message sent to the
  user. It opens no other user's account, works only after that user asked for it, opens the
  account once, is not the same every time, and cannot be guessed by trying code after code.

  @req_code_bound_to_user @must @aws_doc
  Scenario: One user's code does not reset another user's password
    Given a backend defined with login by email
    And a user with a verified email address
    And the user asked to reset their password
    And another user with a verified email address also asked to reset their password
    When the user confirms the reset with the other user's code and the new password "N3w-Passw0rd!"
    Then the call fails with "CodeMismatchException"
    And the user can still sign in with their old password

  @req_code_needs_own_request @must @aws_doc
  Scenario: A user who asked for no code cannot confirm with another user's code
    Given a backend defined with login by email
    And a user with a verified email address
    And another user with a verified email address also asked to reset their password
    When the user confirms the reset with the other user's code and the new password "N3w-Passw0rd!"
    Then the call fails with "ExpiredCodeException"
    And the user can still sign in with their old password

  @req_older_code_replaced @should @observed @needs_delivery_log
  Scenario: After asking twice, the first code no longer works
    Given a backend defined with login by email
    And a user with a verified email address
    And the user asked to reset their password
    And the user asked to reset their password again
    When the user confirms the reset with the first code they received and the new password "N3w-Passw0rd!"
    Then the call fails
    And the user can still sign in with their old password

  @req_code_single_use @should @observed
  Scenario: A code that reset the password cannot reset it again
    Given a backend defined with login by email
    And a user with a verified email address
    And the user has reset their password to "N3w-Passw0rd!" with the code they received
    When the user confirms the reset again with the same code and the new password "An0ther-Passw0rd!"
    Then the call fails
    And the user can sign in with "N3w-Passw0rd!"

  @req_code_not_reused @must @observed
  Scenario: After a completed reset, the next code is a new one
    Given a backend defined with login by email
    And a user with a verified email address
    And the user has reset their password to "N3w-Passw0rd!" with the code they received
    When the user asks to reset their password
    Then the code they now received is not the one they used before

  @req_code_shape @should @observed
  Scenario: The code in Cognito's default message is six digits
    Given a backend defined with login by email
    And a user with a verified email address
    When the user asks to reset their password
    Then the code they received is six digits

  @req_wrong_codes_limited @must @aws_doc @observed @needs_rate_limits
  Scenario: Guessing codes stops working, even for the right code
    Given a backend defined with login by email
    And a user with a verified email address
    And the user asked to reset their password
    When the user keeps entering codes they did not receive, at most 21 times, with the new password "N3w-Passw0rd!"
    Then the call fails with "LimitExceededException" or "TooManyFailedAttemptsException"
    And confirming with the code they received is refused the same way
    And the user can still sign in with their old password

  @req_reset_requests_limited @must @aws_doc @observed @needs_rate_limits
  Scenario: Asking for code after code stops working
    Given a backend defined with login by email
    And a user with a verified email address
    When the user keeps asking to reset their password, at most 21 times
    Then the call fails with "LimitExceededException"
