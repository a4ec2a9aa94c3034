"""Language stage: coreference rewrite and the relation graph of each scene."""
