"""
The law the lifecycle's guards encode, one module per source of law, each
rule next to the citation it applies.

- `treatylife.law.vclt`: the Vienna Convention on the Law of Treaties;
- `treatylife.law.clauses`: what a treaty's own final clauses decide;
- `treatylife.law.term`: a treaty's own time: when it is open for
  signature and accession, and when it ends;
- `treatylife.law.organisation`: membership of an organisation and its
  links to participation;
- `treatylife.law.domestic`: the requirements of a jurisdiction's law.
"""
