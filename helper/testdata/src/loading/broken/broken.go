package broken

type T struct{ A int }

func F() int { return "not an int" }
