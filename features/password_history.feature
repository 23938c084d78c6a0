Feature: A password history keeps users from choosing a recent password again
  A backend can keep a history of each user's last passwords (PasswordHistorySize, 0 to 24, set
  with an override of the user pool's password policy). A password in that history cannot be
  chosen again, whichever way it is set: by the user updating it, by the user resetting it with a
  code, or by an administrator. Older passwords, and every password in a backend that keeps no
  history, can be chosen again. Cognito keeps a history only for user pools on the Essentials or
  Plus feature plan, which new user pools get unless they ask for Lite.

  @req_password_history_deployed @must @amplify_src @aws_doc
  Scenario: A backend defined with a password history deploys it in the password policy
    Given a backend defined with login by email and a password history of 3
    Then the user pool's password policy is
      | setting             | value |
      | PasswordHistorySize | 3     |
      | MinimumLength       | 8     |
      | RequireSymbols      | true  |

  @req_password_history_enforced @must @aws_doc
  Scenario Outline: A recent password cannot be chosen again when <who>
    Given a backend defined with login by email and a password history of 3
    And a user with a verified email address
    And the user is signed in
    And the user has updated their password 2 times in the last hour
    When <call>
    Then the call fails with "PasswordHistoryPolicyViolationException"
    And the user can still sign in with their old password

    Examples:
      | who                               | call                                                                                  |
      | the user updates it               | the user updates their password to the one they had 2 changes ago                      |
      | the user resets it with a code    | the user resets their password to the one they had 2 changes ago                      |
      | an administrator sets it for good | an administrator sets the user's permanent password to the one they had 2 changes ago |

  @req_password_history_window @must @aws_doc
  Scenario: A password older than the history can be chosen again
    Given a backend defined with login by email and a password history of 2
    And a user with a verified email address
    And the user is signed in
    And the user has updated their password 3 times in the last hour
    When the user updates their password to the one they had 3 changes ago
    Then the new password is accepted

  @req_password_history_off_by_default @must @aws_doc @amplify_src
  Scenario Outline: Without a password history, an earlier password can be chosen again
    Given a backend defined with <definition>
    And a user with a verified email address
    And the user is signed in
    And the user has updated their password 2 times in the last hour
    When the user updates their password to the one they had 2 changes ago
    Then the new password is accepted

    Examples:
      | definition                                 |
      | login by email                             |
      | login by email and a password history of 0 |

  @req_password_history_needs_essentials @should @aws_doc
  Scenario Outline: Only a user pool on the Essentials or Plus plan can keep a password history
    When a user pool is created directly on the <plan> feature plan with a password history of 3
    Then the service <answer>

    Examples:
      | plan       | answer                                                |
      | Lite       | refuses it with "FeatureUnavailableInTierException"   |
      | Essentials | accepts it                                            |
