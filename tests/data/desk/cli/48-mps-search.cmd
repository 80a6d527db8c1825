desk mps hart rushmoor
