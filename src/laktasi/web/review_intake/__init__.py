"""Records into a review: uploads, PubMed searches, deduplication and its queue of uncertain pairs."""
