module sizes

go 1.26
