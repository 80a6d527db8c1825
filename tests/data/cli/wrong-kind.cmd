show pcn A10001
exit 1
