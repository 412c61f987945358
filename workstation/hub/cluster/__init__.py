"""Several hubs serving one helpline from one PostgreSQL (issue 16, item 3; docs/deploy.md,
"Several hubs at once"): each hub applies the others' events to its routing state and
delivers them to its own connections (:mod:`.relay`)."""
