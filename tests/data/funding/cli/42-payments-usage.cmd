payments U20001 U20002
exit 2
