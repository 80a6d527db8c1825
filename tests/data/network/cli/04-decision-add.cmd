decision add U10001 --meeting 1 --title 'Extended access rota for 2027'
