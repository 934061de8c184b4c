"""Password hashing and the WS-Security UsernameToken check."""
