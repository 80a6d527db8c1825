show pcn U99999
exit 1
