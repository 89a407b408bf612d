module example.com/measure

go 1.25
