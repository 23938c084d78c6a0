Feature: A phone that is a user's second factor does not recover their account
  A user can choose SMS for multi-factor authentication. Every accountRecovery value but
  PHONE_AND_EMAIL becomes a recovery setting of the user pool (the names ending in WITHOUT_MFA say
  what follows), and with a recovery setting Cognito sends no reset code by SMS to a user with SMS
  multi-factor authentication: the code goes to the user's email where the setting allows it, and
  otherwise nowhere. PHONE_AND_EMAIL leaves the setting out, and then the phone is still used.

  @req_sms_mfa_recovery_by_email @must @aws_doc @amplify_src @needs_sms @needs_sms_mfa
  Scenario: With phone first and email second, a user whose phone is their second factor gets the code by email
    Given a backend defined with login by email and phone and accountRecovery "PHONE_WITHOUT_MFA_AND_EMAIL" and optional multi-factor authentication by SMS
    And a user with a verified email address and a verified phone number
    And the user has chosen SMS for multi-factor authentication
    When the user asks to reset their password
    Then the reset code is sent by EMAIL to the user's email

  @req_sms_mfa_recovery_no_channel @must @aws_doc @amplify_src @needs_sms @needs_sms_mfa
  Scenario Outline: A user whose only allowed channel is their second-factor phone gets no code
    Given a backend defined with <definition> and optional multi-factor authentication by SMS
    And a user with <contact details>
    And the user has chosen SMS for multi-factor authentication
    When the user asks to reset their password
    Then no reset code reaches the user

    Examples:
      | definition                                                                 | contact details                                         |
      | login by phone                                                             | a verified email address and a verified phone number    |
      | login by email and phone and accountRecovery "EMAIL_AND_PHONE_WITHOUT_MFA" | an unverified email address and a verified phone number |

  @req_sms_mfa_recovery_without_setting @must @aws_doc @amplify_src @needs_sms @needs_sms_mfa
  Scenario: Without a recovery setting, the code still goes by SMS to a phone that is the second factor
    Given a backend defined with login by email and phone and accountRecovery "PHONE_AND_EMAIL" and optional multi-factor authentication by SMS
    And a user with a verified email address and a verified phone number
    And the user has chosen SMS for multi-factor authentication
    When the user asks to reset their password
    Then the reset code is sent by SMS to the user's phone_number
