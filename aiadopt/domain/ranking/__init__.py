"""The ranking model: criteria, gates, scoring, stability and explanations."""
