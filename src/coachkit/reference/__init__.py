"""What the kit knows: the coding frame, the sources with their claims, client profiles."""
