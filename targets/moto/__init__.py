"""moto's cognito-idp as a target: in-process (``inprocess``) and as a server (``server``), with
the code oracle both share (``oracle``) and an example oracle for the ``endpoint`` target
(``example_endpoint_oracle``)."""
