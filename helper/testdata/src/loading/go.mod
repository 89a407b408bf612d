module example.com/loading

go 1.22
