"""Well-known personalised experiences to start the connected-experiences discussion,
described in our own words."""

STARTER_DECK: list[dict[str, str]] = [
    {
        "title": "DJ that talks between tracks",
        "company": "Spotify",
        "description": "A voice host picks music from your own listening history and says why "
        "it chose the next song, so the recommendation feels explained rather than imposed.",
    },
    {
        "title": "Rows that reorder themselves for you",
        "company": "Netflix",
        "description": "The home screen's rows, and even the artwork on each title, change with "
        "what you watch, so two people in one house see different front pages.",
    },
    {
        "title": "Buy it again",
        "company": "Amazon",
        "description": "Things you order regularly come back as a one-tap list, timed to when "
        "you usually run out: useful because it saves effort, not because it sells more.",
    },
    {
        "title": "Streak reminders with personality",
        "company": "Duolingo",
        "description": "Reminders arrive at the time you usually practise and adjust their "
        "tone to your streak, nudging a habit without nagging.",
    },
    {
        "title": "Offers built around your usual order",
        "company": "Starbucks",
        "description": "Rewards-app offers and challenges are assembled for each member from "
        "their visits and favourite drinks, instead of one discount for everyone.",
    },
    {
        "title": "Discover Weekly",
        "company": "Spotify",
        "description": "Every Monday a fresh playlist of songs you have not heard, from people "
        "with similar taste: a ritual customers look forward to.",
    },
    {
        "title": "Price alerts that know your trip",
        "company": "Google Flights",
        "description": "Tracks the routes and dates you searched and tells you when the price "
        "drops, with a clear note on whether now is a good time to book.",
    },
    {
        "title": "Categories that learn your spending",
        "company": "Monzo",
        "description": "Spending is sorted into categories you can rename, with budgets and "
        "nudges that follow your own pay day rather than the calendar month.",
    },
]
