"""The goal the goals tests put on the board."""

GOAL = {"text": "Fewer customers call twice", "department": "support",
        "success_metric": "Repeat contacts within 7 days"}
