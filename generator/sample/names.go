package sample

// Word lists for names. Pupil names are deliberately varied (accents,
// apostrophes, hyphens, spaces, non-Latin-1 letters) so every stage that
// handles them meets the real thing.

// origin is a broad naming tradition, so a pupil's names fit together and
// loosely fit their recorded ethnicity.
type origin uint8

const (
	oBritish origin = iota // English, Welsh, Scottish, Irish
	oEuropean
	oSouthAsian
	oAfrican // African and Caribbean
	oEastAsian
	oOther // Arabic, Turkish, Iranian, Latin American, Vietnamese
	nOrigins
)

var forenamesF = [nOrigins][]string{
	oBritish: {"Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Freya", "Florence", "Poppy",
		"Evie", "Grace", "Sophie", "Ella", "Zoë", "Rosie", "Hannah", "Jessica", "Emily", "Charlotte",
		"Millie", "Niamh", "Aoife", "Siobhán", "Caitlín", "Bethan", "Ffion", "Cerys", "Siân", "Megan",
		"Ellie-May", "Lacey-Rose", "Summer", "Harper", "Matilda", "Eleanor", "Alice", "Daisy", "Renée", "Chloé"},
	oEuropean: {"Zofia", "Maja", "Zuzanna", "Ana", "Ioana", "Alexandra", "Chloé", "Renée", "Zoë", "Inês",
		"Ewa", "Małgorzata", "Agnieszka", "Lucía", "Léa", "Anaïs", "Björk", "Dóra", "Anna-Lena", "Kateřina"},
	oSouthAsian: {"Aisha", "Fatima", "Zainab", "Maryam", "Ayesha", "Priya", "Ananya", "Simran", "Harleen",
		"Nusrat", "Sana", "Inaaya", "Amaira", "Khadijah", "Hafsa", "Anvi", "Diya", "Nur-Ul-Ain"},
	oAfrican: {"Amara", "Chiamaka", "Adaeze", "Ebony", "Shanice", "Abena", "Ama", "Nia", "Zuri", "Folake",
		"Oluwaseun", "Temitọpẹ", "Precious", "Blessing", "Nneka", "Thandiwe", "Ife-Oluwa"},
	oEastAsian: {"Mei", "Xiaoling", "Yan", "Li Na", "Hui", "Jing", "Linh", "Thảo", "Ngọc Anh", "Yuki"},
	oOther: {"Layla", "Yasmin", "Noor", "Elif", "Zeynep", "Hiba", "María José", "Valentina", "Shirin",
		"Rüya", "Maryam", "Aya"},
}

var forenamesM = [nOrigins][]string{
	oBritish: {"Oliver", "George", "Noah", "Arthur", "Leo", "Harry", "Oscar", "Jack", "Charlie", "Freddie",
		"Alfie", "Thomas", "Jacob", "William", "Archie", "Joshua", "Dylan", "Rhys", "Owain", "Dafydd",
		"Seán", "Ciarán", "Oisín", "Liam", "Connor", "Billy-Joe", "Teddy", "Reuben", "Finley", "Harrison",
		"Jamie", "Lewis", "Callum", "Euan", "Tomás"},
	oEuropean: {"Jakub", "Mateusz", "Łukasz", "Mihai", "Andrei", "José", "Jérôme", "Søren", "Jürgen",
		"Ştefan", "Tomás", "André", "François", "Jean-Luc", "Matěj", "Giovanni", "Luís"},
	oSouthAsian: {"Muhammad", "Mohammed", "Ibrahim", "Yusuf", "Zayn", "Arjun", "Aarav", "Rohan", "Harjit",
		"Gurpreet", "Hamza", "Ali", "Omar", "Rayyan", "Abdul-Rahman", "Vihaan", "Ishaan"},
	oAfrican: {"Kwame", "Kofi", "Chidi", "Tobi", "Emeka", "Jermaine", "Tyrone", "Daniel", "Samuel",
		"Oluwadamilare", "Themba", "Ayọ̀mídé", "Kayode", "Malachi", "Jean-Baptiste"},
	oEastAsian: {"Wei", "Jun", "Hao", "Zhi Hao", "Minh", "Bảo", "Huy", "Kenji", "Ryan", "Jason"},
	oOther: {"Ahmed", "Karim", "Emir", "Mehmet", "Mustafa", "Yusuf", "Mateo", "José Luis", "Dariush",
		"Çağan", "Khalil", "Anh Dũng"},
}

var surnames = [nOrigins][]string{
	oBritish: {"Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
		"Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall",
		"Lewis", "Harris", "Clarke", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill", "Ward",
		"Morris", "Moore", "King", "Baker", "Harrison", "Morgan", "Allen", "Scott", "Phillips", "Watson",
		"Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Carter", "Bailey", "Shaw",
		"Murphy", "O'Brien", "O'Connor", "O'Neill", "McCarthy", "Ó Súilleabháin", "Ní Bhriain", "Smith-Jones",
		"Taylor-Wood", "Hamilton-Brown", "ap Rhys", "Llewellyn", "Fitzgerald", "MacDonald", "McAllister", "D'Arcy"},
	oEuropean: {"Nowak", "Wiśniewska", "Kowalczyk", "Popescu", "Ionescu", "Müller", "García", "Fernández",
		"Søndergaard", "Dubois", "Lefèvre", "da Silva", "Dos Santos", "van der Berg", "De Luca", "Łukaszewicz",
		"Novák", "Horváth", "Petrović", "Kovačević", "Öberg", "Ruiz-Peña"},
	oSouthAsian: {"Patel", "Khan", "Hussain", "Ahmed", "Ali", "Begum", "Akhtar", "Iqbal", "Shah", "Singh",
		"Kaur", "Sharma", "Chowdhury", "Rahman", "Islam", "Mahmood", "Malik", "D'Souza", "Fernandes", "Gill",
		"Sandhu", "Bhatti", "Mistry", "Ul-Haq"},
	oAfrican: {"Okafor", "Adeyemi", "Mensah", "Owusu", "Boateng", "Adebayo", "Okonkwo", "Nwosu", "Campbell",
		"Francis", "Grant", "Mohamed", "Abdi", "Osei-Bonsu", "Øyelaran", "Ndlovu", "Mwangi", "Akinwándé",
		"Brown", "Thomas", "Clarke"},
	oEastAsian: {"Wang", "Li", "Zhang", "Chen", "Liu", "Wong", "Chan", "Lam", "Nguyễn", "Trần", "Lê",
		"Phạm", "Huang", "Lin", "Tan", "Ng"},
	oOther: {"Yılmaz", "Kaya", "Demir", "Öztürk", "Haddad", "Al-Masri", "Hassan", "Abdullah", "El-Amin",
		"Rodríguez", "González", "Hernández", "Nguyễn", "Karimi", "Hosseini", "Ahmadi"},
}

// School names: a place made of two parts, in one of the usual patterns.

var placeHeads = []string{"North", "South", "East", "West", "Ash", "Oak", "Elm", "Birch", "Haw", "Brook",
	"Mill", "Castle", "Kings", "Queens", "Church", "Green", "Long", "Broad", "High", "Stone",
	"Holly", "Fern", "Fox", "Hart", "Lark", "Red", "White", "Black", "Grey", "Thorn",
	"Bram", "Mar", "Win", "Wal", "Ald", "Bur", "Bel", "Cran", "Ling", "Marl",
	"Pen", "Rad", "Sand", "Shaw", "Sun", "Wick", "Ather", "Cold", "Hather", "Staple"}

var placeTails = []string{"field", "ley", "ton", "bury", "ford", "wood", "gate", "hurst", "dale", "brook",
	"side", "mere", "combe", "wick", "worth", "ham", "borough", "well", "bridge", "moor",
	"stead", "by", "thorpe", "hill", "lands", "den", "cote", "holme"}

var rivers = []string{"Tyne", "Trent", "Avon", "Severn", "Ouse", "Wear", "Tees", "Lea", "Eden", "Wye"}

// saints are dedications as they appear in school names, possessive where
// the name takes it; catholicSaints only appear in Catholic schools' names.
var saints = []string{"St Aidan's", "St Mary's", "St Peter's", "St Paul's", "St John's", "St Michael's",
	"St Anne's", "St Bede's", "St Cuthbert's", "St Hilda's", "St Chad's", "St Wilfrid's", "St Margaret's",
	"St Oswald's", "St Edmund's", "St George's", "St Andrew's", "St Augustine's", "St Columba's", "St Alban's",
	"St Swithun's", "St Luke's", "St Matthew's", "St Mark's", "St Catherine's", "St Helen's", "St James'",
	"Holy Trinity", "Christ Church", "St Mary Magdalene"}

var catholicSaints = []string{"St Mary's", "St Joseph's", "St Patrick's", "St Bernadette's", "St Teresa's",
	"St Thomas More", "St John Fisher", "Our Lady of Lourdes", "Holy Family", "Sacred Heart",
	"St Francis of Assisi", "St Thérèse of Lisieux", "St Bede's", "St Augustine's", "St Anne's"}

// namePattern is a school name template: {P} = place, {S} = saint, {C} =
// Catholic dedication, {R} = river.
type namePattern struct {
	weight int
	text   string
}

var primaryPatterns = []namePattern{
	{30, "{P} Primary School"},
	{8, "{P} Community Primary School"},
	{6, "{P} Junior School"},
	{10, "{P} Primary Academy"},
	{12, "{S} C of E Primary School"},
	{10, "{C} Catholic Primary School"},
	{4, "{S} CE (VA) Primary School"},
	{5, "{P} Church of England Primary School"},
	{5, "{P} Park Primary School"},
	{4, "{P} Primary School and Nursery"},
	{3, "{P}-on-{R} Primary School"},
}

var secondaryPatterns = []namePattern{
	{20, "{P} Academy"},
	{15, "{P} High School"},
	{10, "{P} School"},
	{6, "{P} Community College"},
	{8, "{C} Catholic High School"},
	{5, "{S} C of E Academy"},
	{6, "The {P} School"},
	{3, "{P} Grammar School"},
	{4, "{P} Park Academy"},
	{3, "{P} School and Sixth Form"},
	{3, "{P}-on-{R} Academy"},
}
