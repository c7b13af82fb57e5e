"""The negotiation between two delegations: attributed brackets, reservations, reviews and rounds."""
