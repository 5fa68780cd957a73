"""The ranking model: criteria, gates, scoring, stability and explanations.

`criteria` turns candidates into criterion values and checks weights; `gates` holds the
first-pilot conditions; `rank` scores, gates, orders and explains (`rank_candidates`);
`stability` repeats the ranking with weights drawn around the chosen ones; `explanations`
words one sentence per candidate. Charts of the ranking live in `aiadopt.ui.figures`.
"""
