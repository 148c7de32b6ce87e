"""`dossier suggest`: a first draft of a document's facts, each suggestion with its span and
why it was made, for a curator to confirm (docs/suggest.md).

rules.yaml is the cue table (data); rules.py reads it; reading.py finds sentences, actors and
dates (spaCy's tokenizer and rule matchers on a blank English pipeline); draft.py applies the
rules; files.py reads a document folder and writes facts.suggested.yaml; evaluate.py compares
suggestions with what curators wrote.
"""
