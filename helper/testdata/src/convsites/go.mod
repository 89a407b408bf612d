module convsites

go 1.26
