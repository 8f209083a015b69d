"""Review mode: annotators' spans side by side, their disagreements, the gold layer's decisions."""
