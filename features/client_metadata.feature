Feature: clientMetadata reaches the user pool's Lambda triggers unchanged
  resetPassword and confirmResetPassword take options.clientMetadata: key-value pairs that Amplify
  sends as the request's ClientMetadata, and that Cognito hands to the Lambda triggers the request
  invokes (the message that carries the code, the confirmation of the new password). Cognito keeps
  none of it, so it must arrive exactly as the caller gave it. updatePassword has no such option.

  @req_client_metadata_passed_on @must @amplify_src @aws_doc @needs_client_metadata
  Scenario: The client metadata given to resetPassword reaches the service with the request for a code
    Given a backend defined with login by email
    And a user with a verified email address
    When the user asks to reset their password, passing the client metadata
      | key      | value                |
      | campaign | Spring-Sale          |
      | locale   | de-DE                |
      | note     | Grüße, 100% & "mehr" |
    Then the service received exactly that client metadata with the request

  @req_client_metadata_passed_on @must @amplify_src @aws_doc @needs_client_metadata
  Scenario: The client metadata given to confirmResetPassword reaches the service with the new password
    Given a backend defined with login by email
    And a user with a verified email address
    And the user asked to reset their password
    When the user confirms the reset with the code they received and the new password "N3w-Passw0rd!", passing the client metadata
      | key    | value       |
      | source | help-centre |
      | Step   | 2 of 2      |
    Then the call succeeds and returns nothing
    And the service received exactly that client metadata with the request
