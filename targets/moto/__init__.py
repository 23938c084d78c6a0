"""moto's cognito-idp as a target: in-process (``inprocess``) and as a server (``server``), with
the code oracle both share (``oracle``), and two examples for the ``endpoint`` target: a Python oracle
(``example_endpoint_oracle``) and an HTTP one, a tap in front of moto server (``oracle_server``)."""
