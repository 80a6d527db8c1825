desk request add U10001 --from-name "Sam Lee" --org "NHS Alpha ICB" --what "Chair the access group" --received 2026-11-02 --hours 6
