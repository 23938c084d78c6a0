Feature: Where a password reset code is sent
  When a user forgets their password, Amplify sends a reset code over one account-recovery channel.
  Which channel is decided by the backend's login options, unless the backend names an
  accountRecovery setting of its own. A user whose first channel is not verified falls back to the
  second one, and only one channel ever receives the code.

  @req_default_recovery_channel @must @seed
  Scenario Outline: The login option decides the default recovery channel
    Given a backend defined with login by <login option>
    And a user with a verified email address and a verified phone number
    When the user asks to reset their password
    Then the reset code is sent by <medium> to the user's <attribute>

    Examples: by email
      | login option    | medium | attribute    |
      | email           | EMAIL  | email        |
      | email and phone | EMAIL  | email        |

    @needs_sms
    Examples: by SMS
      | login option    | medium | attribute    |
      | phone           | SMS    | phone_number |

  @req_default_recovery_setting @must @amplify_src
  Scenario Outline: The login option decides the user pool's recovery setting
    Given a backend defined with login by <login option>
    Then the user pool's recovery mechanisms are "<mechanisms>"

    Examples:
      | login option    | mechanisms              |
      | phone           | verified_phone_number:1 |
      | email           | verified_email:1        |
      | email and phone | verified_email:1        |

  @req_account_recovery_setting @must @amplify_src @aws_doc
  Scenario Outline: Every accountRecovery value becomes a recovery setting
    Given a backend defined with login by email and phone and accountRecovery "<accountRecovery>"
    Then the user pool's recovery mechanisms are "<mechanisms>"

    Examples:
      | accountRecovery             | mechanisms                                |
      | EMAIL_AND_PHONE_WITHOUT_MFA | verified_email:1, verified_phone_number:2 |
      | PHONE_WITHOUT_MFA_AND_EMAIL | verified_phone_number:1, verified_email:2 |
      | EMAIL_ONLY                  | verified_email:1                          |
      | PHONE_ONLY_WITHOUT_MFA      | verified_phone_number:1                   |
      | NONE                        | admin_only:1                              |
      | PHONE_AND_EMAIL             | none                                      |

  @req_account_recovery_channel @must @amplify_src @aws_doc
  Scenario Outline: Every accountRecovery value picks its first channel for a fully verified user
    Given a backend defined with login by email and phone and accountRecovery "<accountRecovery>"
    And a user with a verified email address and a verified phone number
    When the user asks to reset their password
    Then the reset code is sent by <medium> to the user's <attribute>

    Examples: email first
      | accountRecovery             | medium | attribute    |
      | EMAIL_AND_PHONE_WITHOUT_MFA | EMAIL  | email        |
      | EMAIL_ONLY                  | EMAIL  | email        |

    @needs_sms
    Examples: phone first
      | accountRecovery             | medium | attribute    |
      | PHONE_WITHOUT_MFA_AND_EMAIL | SMS    | phone_number |
      | PHONE_ONLY_WITHOUT_MFA      | SMS    | phone_number |
      | PHONE_AND_EMAIL             | SMS    | phone_number |

  @req_recovery_priority_fallback @must @aws_doc
  Scenario Outline: A user without a verified first channel gets the code on the second
    Given a backend defined with login by email and phone and accountRecovery "<accountRecovery>"
    And a user with <contact details>
    When the user asks to reset their password
    Then the reset code is sent by <medium> to the user's <attribute>

    Examples: falling back to email
      | accountRecovery             | contact details                                         | medium | attribute    |
      | PHONE_WITHOUT_MFA_AND_EMAIL | a verified email address and an unverified phone number | EMAIL  | email        |
      | PHONE_AND_EMAIL             | a verified email address and an unverified phone number | EMAIL  | email        |

    @needs_sms
    Examples: falling back to SMS
      | accountRecovery             | contact details                                         | medium | attribute    |
      | EMAIL_AND_PHONE_WITHOUT_MFA | an unverified email address and a verified phone number | SMS    | phone_number |

  @req_recovery_single_channel_no_fallback @must @aws_doc
  Scenario Outline: A setting with one channel never falls back to another
    Given a backend defined with login by email and phone and accountRecovery "<accountRecovery>"
    And a user with <contact details>
    When the user asks to reset their password
    Then no reset code reaches the user

    Examples: a fallback would go by email
      | accountRecovery        | contact details                                         |
      | PHONE_ONLY_WITHOUT_MFA | a verified email address and an unverified phone number |

    @needs_sms
    Examples: a fallback would go by SMS
      | accountRecovery        | contact details                                         |
      | EMAIL_ONLY             | an unverified email address and a verified phone number |

  @req_recovery_one_channel_only @must @aws_doc @needs_sms @needs_delivery_log
  Scenario Outline: Only one channel receives the code, even when the user verified both
    Given a backend defined with login by email and phone and accountRecovery "<accountRecovery>"
    And a user with a verified email address and a verified phone number
    When the user asks to reset their password
    Then exactly one message carried the reset code

    Examples:
      | accountRecovery             |
      | EMAIL_AND_PHONE_WITHOUT_MFA |
      | PHONE_WITHOUT_MFA_AND_EMAIL |
      | PHONE_AND_EMAIL             |

  @req_account_recovery_none @must @amplify_src @aws_doc
  Scenario Outline: With accountRecovery NONE no reset code is sent
    Given a backend defined with login by email and accountRecovery "NONE"
    And a user with <contact details>
    When the user asks to reset their password
    Then no reset code reaches the user

    Examples: a code could only go by email
      | contact details                                       |
      | a verified email address                              |

    @needs_sms
    Examples: a code could go by email or SMS
      | contact details                                       |
      | a verified email address and a verified phone number |

  @req_account_recovery_none_refused @should @observed
  Scenario: With accountRecovery NONE resetPassword is refused
    Given a backend defined with login by email and user existence errors revealed and accountRecovery "NONE"
    And a user with a verified email address
    When the user asks to reset their password
    Then the call fails

  @req_admin_only_stands_alone @must @aws_doc
  Scenario: The service refuses admin_only combined with another recovery mechanism
    When a user pool is created directly with the recovery mechanisms "admin_only:1, verified_email:2"
    Then the service refuses it with "InvalidParameterException"

  @req_seed_override_email_only @must @seed
  Scenario: The documented override sends the code by email
    Given a backend defined with login by email and accountRecovery "EMAIL_ONLY"
    And a user with a verified email address and a verified phone number
    When the user asks to reset their password
    Then the reset code is sent by EMAIL to the user's email

  @req_override_email_only_is_default @must @amplify_src
  Scenario: The documented override repeats what email login already does
    Given a backend defined with login by email and accountRecovery "EMAIL_ONLY"
    Then its recovery setting is the same as with login by email alone

  @req_unknown_account_recovery_rejected @must @amplify_src
  Scenario: An unknown accountRecovery value is rejected, not silently replaced by the default
    When a backend is defined with login by email and accountRecovery "EMAIL_FIRST"
    Then the definition is rejected with a message naming "accountRecovery"

  @req_login_option_required @must @amplify_src
  Scenario: A backend needs at least one login option
    When a backend is defined with login by nothing
    Then the definition is rejected with a message naming "email or phone"
