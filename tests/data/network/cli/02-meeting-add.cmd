meeting add U10001 --date 2026-11-20 --title 'Network board, November' --agenda 'Extended access rota'
