"""Sites and families: the registry, the family contract, and one parser module per CMS template."""
