"""Users, their language, login throttling and the deployment safety check."""
