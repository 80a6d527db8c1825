list icbs
