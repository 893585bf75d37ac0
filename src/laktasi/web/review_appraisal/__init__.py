"""Risk of bias: RoB 2 and ROBINS-I judgements and their plots."""
