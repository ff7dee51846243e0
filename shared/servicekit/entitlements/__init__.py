"""Entitlements: dated, cited, explained decisions (docs/entitlements.md).

- `model`: what a rule decides (Status, Reason, Fact, Outcome, Decision) in plain Python;
- `parameters`: the numbers the policy leaves to cities, in dated, cited YAML files;
- `guides`: the service guide of each entitlement (clause 十八);
- `target`: the target-person test every department uses;
- `rulebook`: a department's rules, parameters and guides, and the rules version;
- `graphql`: the one shared Entitlement type;
- `cases`: the YAML rule tests' format.
"""
