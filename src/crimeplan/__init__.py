"""crimeplan: a Police and Crime Plan run as data."""
