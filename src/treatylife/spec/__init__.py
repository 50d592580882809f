"""
The lifecycle spec: the one source every view derives from.

- `treatylife.spec.vocabulary`: the tracks, their states and the events;
- `treatylife.spec.records`: the record types (facts, guards,
  transitions, tracks, `Lifecycle`);
- `treatylife.spec.assembly`: the universal transitions and `lifecycle()`,
  which assembles them with the domestic track of a jurisdiction;
- `treatylife.spec.domestic_track`: the domestic track generated from a
  jurisdiction profile;
- `treatylife.spec.replay`: the steps of replay every engine shares.

The law the guards encode lives in `treatylife.law`, one module per source
of law. This package imports nothing at its top so that the law may build
on the records without an import circle.
"""
