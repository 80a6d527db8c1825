decisions U99999
exit 1
