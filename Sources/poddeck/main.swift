print("poddeck")
