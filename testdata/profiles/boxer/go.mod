module example.com/boxer

go 1.25
