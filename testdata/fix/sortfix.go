package fix

import "sort"

type Item struct {
	Name  string
	Score int
	Ratio float64
}

var items = []Item{{"c", 3, 0.3}, {"a", 1, 0.1}, {"b", 2, 0.2}, {"d", 1, 0.4}}

func SortByScore() {
	sort.Slice(items, func(i, j int) bool { return items[i].Score < items[j].Score }) // fix: sort-slices allocs=1 bytes=24
}

func SortByNameDesc() {
	sort.Slice(items, func(i, j int) bool { return items[i].Name > items[j].Name }) // fix: sort-slices allocs=1 bytes=24
}

func SortByRatio() {
	sort.Slice(items, func(i, j int) bool { return items[i].Ratio < items[j].Ratio }) // fix-refused: sort-slices "NaN"
}
