"""The domain of the workshop tool: records, validation, storage, scoring and exports.

Nothing in this package imports Streamlit except `aiadopt.ui`.
"""
