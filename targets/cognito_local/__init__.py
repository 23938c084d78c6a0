"""cognito-local as a target (``target``); the npm package it runs is pinned in targets/node/cognito-local."""
