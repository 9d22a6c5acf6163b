"""Word lists the offline engine is driven by. Data only: extending coverage
means adding words here, not code elsewhere."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _phrases(text: str) -> list[str]:
    return [p.strip() for p in text.split(";") if p.strip()]


MONTHS = _words(
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
)
WEEKDAYS = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")

# Capitalised words that never start or continue a person's name.
STOP = _words(
    "The A An In On At By For From To Of With Without And But Or Nor So Yet If As When While After Before "
    "During Since Until Although Though Because However Meanwhile Moreover Furthermore Also Still Then Now "
    "Earlier Later Last Next This That These Those It Its He She They We I You His Her Their Our My Your Him "
    "Them There Here What Which Who Whom Whose Where Why How Both All Some Many Most Several Few Each Every "
    "Other Another Such No Not Yes One Two Three Four Five Six Seven Eight Nine Ten First Second Third New Old "
    "Speaking According Asked Addressing Following Despite Amid Under Over Between Among Against Within Across "
    "Through Into About Around Ahead Instead Even Only Just Nearly Almost Sources Officials Analysts Experts "
    "Critics Residents Today Yesterday Tomorrow Tonight Please Thank Thanks Dear Oh Well Indeed Together "
    "Overall Separately Additionally Notably Finally Initially Recently Currently Previously Already Again "
    "Once Twice Let Like Unlike Outside Inside Above Below Beyond Near Along Via Per Except Whether Where "
    "Everyone Nobody Somebody Anyone Something Nothing Everything More Less Much Any Neither Either Same "
    "Christmas Easter Ramadan Eid Diwali Hanukkah God Allah Bible Koran Quran Internet Covid COVID Olympic "
    "Western Eastern Northern Southern Central North South East West Upper Lower Greater Holy Saint "
    "Not Never Ever Always Sometimes Perhaps Maybe Every Thanks Hello Hi Reporting Editing Writing Additional "
    "Photo Video Watch Read Click Share Advertisement Updated Published Source Note Image Getty Reuters AP AFP "
    "Storm Hurricane Typhoon Cyclone Operation Project Phase Chapter Section Article Part Team Test "
    "Wales England Scotland Ireland Europe Asia Africa America Americas Arctic Atlantic Pacific Indian "
    "Mediterranean Sahel Balkans Caucasus Gulf Middle Latin Islamic Muslim Christian Jewish Catholic "
    "Protestant Orthodox Sunni Shia Hindu Buddhist Democrat Democrats Republican Republicans Labour Tory "
    "Conservative Conservatives Liberal Liberals Socialist Green Greens"
)

# Honorifics: mark a person but are not a role.
HONORIFICS = _words("Mr Mr. Mrs Mrs. Ms Ms. Miss Dr Dr. Sir Dame Lord Lady Madam Mx Prof Prof. Professor Comrade "
                    "Alhaji Hon Hon.")
# Military and police ranks: a role only when nothing better is known.
RANKS = _words(
    "General Gen. Admiral Adm. Colonel Col. Lieutenant Lt. Major Maj. Captain Capt. Sergeant Sgt. Brigadier "
    "Brig. Marshal Commodore Corporal Cpl. Commandant Lt-Gen Maj-Gen Lieutenant-General Major-General "
    "Lieutenant-Colonel Rear Vice-Admiral Supt. Insp. Det. Cmdr. Const. Cdr."
)
# Capitalised titles that introduce a name: "Defence Minister Kim", "CEO Tim Cook".
TITLES = HONORIFICS | RANKS | _words(
    "President Vice Vice-President President-elect Prime Premier Minister Minister-President Chancellor "
    "Secretary Secretary-General Undersecretary Under-Secretary Ambassador Envoy Consul Commissioner Governor "
    "Governor-General Mayor Senator Sen. Representative Rep. Congressman Congresswoman Lawmaker MP MEP Speaker "
    "Chairman Chairwoman Chairperson Chair Chief Director Director-General Spokesperson Spokesman Spokeswoman "
    "Commander Commander-in-Chief Judge Justice Attorney Prosecutor King Queen Prince Princess Emperor Empress "
    "Crown Sheikh Emir Sultan Pope Cardinal Archbishop Bishop Rabbi Imam Reverend Rev. Father Pastor CEO CFO "
    "COO CTO Founder Co-founder Deputy Head Leader Coach Manager Dean Rector Provost Adviser Advisor Counsellor "
    "Counselor Administrator Inspector Superintendent Officer Detective Sheriff Constable Delegate Ombudsman "
    "Auditor Treasurer Comptroller Executive Economist Analyst Meteorologist Researcher Scientist Doctor Nurse "
    "Chef Striker Goalkeeper Midfielder Defender Captain Skipper Chairman Councillor Councilor Alderman "
    "Registrar Surgeon Solicitor Barrister Magistrate Minister-Counsellor Attaché Secretary-of-State "
    "Ambassador-at-Large Gov. Lt. Governors Ministers Presidents Senators Mayors Premiers Ambassadors Commissioners "
    "Councillors Councilors"
)
# Plural titles before a list of names ("Governors A of X, B of Y and C"): each listed person holds the singular.
PLURAL_TITLES = {t: t[:-1] for t in TITLES - HONORIFICS if t.endswith("s") and t[:-1] in TITLES}
# Capitalised words that sit between a country and a title: "Defence Minister", "Minister of Foreign Affairs".
PORTFOLIO = _words(
    "Foreign Defence Defense Finance Interior Home Trade Health Justice Education Energy Economy Economic "
    "Agriculture Environment Culture Labour Labor Industry Transport Transportation Affairs State Security "
    "Public Internal External Commerce Development Unification Climate Digital Science Technology Tourism "
    "Sports Sport Youth Treasury Housing Infrastructure Communications Information Immigration Intelligence "
    "National Federal Joint Armed Military Naval Air Executive Acting Interim Former Outgoing Incoming Senior "
    "First Assistant Associate Principal Permanent Special Regional Provincial Municipal District Water "
    "Fisheries Mines Mining Oil Gas Power Sea Maritime Ocean Oceans Land Lands Forests Forestry Women Family "
    "Children Social Welfare Employment Planning Investment Revenue Budget Cabinet Presidential Royal Imperial "
    "General Supreme Grand High Lord Head Managing Operating Financial Technical Medical Legal Political "
    "Strategic Policy Press Media Communication Relations Emergency Disaster Civil Protection Rural Urban "
    "Indo-Pacific Asia-Pacific Pacific European African Arab Allied Coalition UN U.N. NATO EU Management Research "
    "Innovation Heritage Arts Veterans Consumer Competition Cooperation Reconstruction Recovery Humanitarian Higher "
    "Religious Minorities Equality Diaspora"
)
# Compound titles whose last word is also a rank ("Attorney General" is not a general).
COMPOUND_TITLES = frozenset(
    {("Attorney", "General"), ("Secretary", "General"), ("Director", "General"), ("Surgeon", "General"),
     ("Solicitor", "General"), ("Inspector", "General"), ("Governor", "General"), ("Consul", "General"),
     ("Postmaster", "General"), ("Auditor", "General"), ("Advocate", "General")}
)

# Lower-case role nouns: "head coach Rhodri Pugh", "Turkana governor Jeremiah Lokorio".
ROLE_NOUNS = _words(
    "minister ministers president vice-president premier chancellor secretary ambassador envoy consul "
    "commissioner governor mayor senator lawmaker legislator congressman congresswoman speaker chairman "
    "chairwoman chairperson chair chief director director-general spokesperson spokesman spokeswoman "
    "commander judge justice attorney prosecutor king queen prince princess emir sultan pope bishop rabbi "
    "imam ceo founder co-founder deputy head leader coach manager dean adviser advisor counsellor counselor "
    "administrator inspector officer detective sheriff constable delegate ombudsman auditor treasurer "
    "economist analyst meteorologist researcher scientist professor doctor nurse surgeon lawyer solicitor "
    "barrister captain vice-captain skipper striker goalkeeper midfielder defender flanker fly-half "
    "scrum-half winger hooker full-back batsman bowler wicketkeeper pitcher quarterback "
    "referee umpire owner executive chief-executive general admiral colonel lieutenant major sergeant "
    "commissioner official representative negotiator mediator organiser organizer activist campaigner "
    "researcher editor reporter journalist correspondent columnist author writer artist actor actress "
    "singer musician chef farmer fisherman engineer architect teacher student resident witness victim "
    "survivor pilot driver worker councillor councilor partner investor economist counterpart daughter son "
    "wife husband mother father brother sister widow grandson granddaughter "
    "rector vice-rector provost headteacher headmaster headmistress priest pastor vicar archbishop cardinal "
    "patriarch abbot curator superintendent registrar paramedic firefighter midwife"
)
# Role nouns that stand for one person in "the minister said" (not plural, not groups).
PERSON_ROLE_HEADS = ROLE_NOUNS - _words("ministers")

# Words that make a capitalised sequence an organisation or a place, never a person.
ORG_WORDS = _words(
    "Ministry Department Dept Agency Command Forces Force Council Commission Committee Party Union Bank "
    "Company Co Corporation Corp Inc Ltd LLC PLC Group University Institute Association Organisation "
    "Organization Office House Senate Congress Parliament Assembly Court Army Navy Police Government "
    "Administration Bureau Service Services Foundation Fund Programme Program Times Post News Press Network "
    "Airlines Airways Motors Holdings Technologies Systems Club FC League Federation Alliance Coalition Front "
    "Movement Church Hospital School College Center Centre Museum Embassy Consulate Mission Summit Forum "
    "Conference Games Cup Festival Award Prize Camp Base Palace Hall Street Square Airport Station Port River "
    "Mountains Mountain Mount Island Islands Province District County City Region Republic Kingdom Empire "
    "Ocean Sea Gulf Bay Valley Road Avenue Bridge Tower Park Stadium Hotel Gate Declaration Treaty Accord "
    "Agreement Act Law Bill Plan Initiative Project Report Index Day Week War Revolution Olympics Exchange "
    "Market Authority Board Cabinet Secretariat Directorate Guard Guards Corps Brigade Division Regiment "
    "Battalion Fleet Squadron Unit Team Reserve Partners Capital Securities Pharmaceuticals Labs Laboratories "
    "Media Television TV Radio Channel Journal Review Gazette Herald Tribune Daily Weekly Magazine Studios "
    "Records Industries International Global Worldwide Nations Chamber Society Trust Institution Academy "
    "Observatory Tribunal Prison Cathedral Mosque Temple Synagogue Basilica Forest Desert Lake Canal Strait "
    "Peninsula Coast Highway Line Railway Railways Metro Pavilion Plaza Arena Headquarters HQ Memorial Cemetery "
    "Zone Territory Territories Oblast Prefecture Governorate Municipality Village Town Capitol Kremlin "
    "Pentagon Whitehall Downing Élysée Elysee Wire Agence Gazette Bulletin Broadcasting Corporation "
    "Biologics Logistics Marine Shipping Airport Energy Oil Petroleum Steel Motors Electric Electronics "
    "Fortress Citadel Manor Chateau Château Mansion Link Pipe Pipeline Cable Corridor Interconnector Pharma "
    "Pharmaceutical Telecommunications Rescue Ferries Wanderers Rovers Athletic Inspectorate Examination Certificate "
    "Telecom Communications Insurance Finance Financial Investments Ventures Capital Construction Cooperative "
    "Co-operative Collective Council Unit Caucus Secretariat Delegation Symposium Convention Congress Expo "
    "Dam Dams Basin Plant Factory Mill Mine Field Fields Farm Farms Estate Castle Church Abbey Hotel Inn "
    "Ltd. Inc. Corp. Co. Crossing Terminal Terminals Berth Harbour Harbor Docks Beach Hills "
    "Hill Heights Springs Falls Rapids Reef Cape Point Glacier Volcano Creek Lagoon Marsh Delta Plateau "
    "Six Nations Championship Tournament Open Grand Prix Series Trophy Medal Olympiad Aerospace Aviation "
    "Renewables Minerals Solar Brewing Brewery Robotics Semiconductors Chemicals Foods Automotive Textiles Cement "
    "Dynamics Engineering Software Biotech"
)

# Organisation/place words that are also common surnames: they only disqualify an untitled name.
SOFT_ORG_WORDS = _words(
    "Park Hall Street Bank Banks Field Fields Hill Hills Church Castle Court House Lake River Gate Tower Bridge Port "
    "Bay Day Law Post Times Press Line Cup Mission Union Mill Mills Wood Ford Forest Green Field Marsh Cape Point "
    "Beach Camp Hotel Inn Farm Farms Estate Island Mount Park Temple Abbey Town Village Valley Coast Springs Falls"
)
# Countries, regions and capitals: peeled off names, used for the `country` field and for locations.
COUNTRIES = _phrases(
    "Afghanistan; Albania; Algeria; Andorra; Angola; Argentina; Armenia; Australia; Austria; Azerbaijan; "
    "Bahamas; Bahrain; Bangladesh; Barbados; Belarus; Belgium; Belize; Benin; Bhutan; Bolivia; Bosnia; "
    "Botswana; Brazil; Brunei; Bulgaria; Burkina Faso; Burundi; Cabo Verde; Cape Verde; Cambodia; Cameroon; "
    "Canada; Chad; Chile; "
    "China; Colombia; Comoros; Congo; Costa Rica; Croatia; Cuba; Cyprus; Czechia; Czech Republic; Denmark; "
    "Djibouti; Dominican Republic; Ecuador; Egypt; El Salvador; Eritrea; Estonia; Eswatini; Ethiopia; Fiji; "
    "Finland; France; Gabon; Gambia; Georgia; Germany; Ghana; Greece; Guatemala; Guinea; Guyana; Haiti; "
    "Honduras; Hungary; Iceland; India; Indonesia; Iran; Iraq; Ireland; Israel; Italy; Ivory Coast; Jamaica; "
    "Japan; Jordan; Kazakhstan; Kenya; Kosovo; Kuwait; Kyrgyzstan; Laos; Latvia; Lebanon; Lesotho; Liberia; "
    "Libya; Liechtenstein; Lithuania; Luxembourg; Madagascar; Malawi; Malaysia; Maldives; Mali; Malta; "
    "Mauritania; Mauritius; Mexico; Moldova; Monaco; Mongolia; Montenegro; Morocco; Mozambique; Myanmar; "
    "Namibia; Nepal; Netherlands; New Zealand; Nicaragua; Niger; Nigeria; North Korea; North Macedonia; "
    "Norway; Oman; Pakistan; Palestine; Panama; Papua New Guinea; Paraguay; Peru; Philippines; Poland; "
    "Portugal; Qatar; Romania; Russia; Rwanda; Samoa; Saudi Arabia; Senegal; Serbia; Seychelles; "
    "Sierra Leone; Singapore; Slovakia; Slovenia; Somalia; South Africa; South Korea; South Sudan; Spain; "
    "Sri Lanka; Sudan; Suriname; Sweden; Switzerland; Syria; Taiwan; Tajikistan; Tanzania; Thailand; Togo; "
    "Tonga; Tunisia; Turkey; Türkiye; Turkmenistan; Uganda; Ukraine; United Arab Emirates; UAE; "
    "United Kingdom; UK; U.K.; Britain; Great Britain; United States; US; U.S.; USA; America; Uruguay; "
    "Uzbekistan; Vanuatu; Vatican; Venezuela; Vietnam; Viet Nam; Yemen; Zambia; Zimbabwe; EU; European Union; "
    "Korea; Gaza; West Bank; Crimea; Kashmir; Hong Kong; Macau; Greenland; Scotland; England; Wales; "
    "Northern Ireland; Tibet; Xinjiang; Kurdistan; Africa; Europe; Asia; Middle East; Latin America; "
    "Asia-Pacific; Indo-Pacific; Arctic; Antarctica; Balkans; Caucasus; Sahel; West Africa; East Africa; "
    "Southeast Asia; South Asia; Central Asia; Brittany; Galicia; Saxony; Bavaria; Catalonia; Flanders; "
    "Siberia; Donbas; Kurdistan; Punjab; Bengal; Texas; California; Florida; Hawaii; Alaska; Quebec; Ontario"
)
CITIES = _phrases(
    "Seoul; Pyongyang; Tokyo; Beijing; Washington; Moscow; Kyiv; Kiev; London; Paris; Berlin; Brussels; Rome; "
    "Madrid; Lisbon; Vienna; Warsaw; Prague; Budapest; Athens; Ankara; Istanbul; Cairo; Tehran; Baghdad; "
    "Damascus; Beirut; Jerusalem; Tel Aviv; Riyadh; Doha; Dubai; Abu Dhabi; Muscat; Amman; New Delhi; Delhi; "
    "Mumbai; Islamabad; Karachi; Lahore; Kabul; Dhaka; Colombo; Kathmandu; Bangkok; Hanoi; Jakarta; Manila; "
    "Kuala Lumpur; Canberra; Sydney; Wellington; Ottawa; Toronto; New York; Los Angeles; Chicago; Geneva; "
    "Davos; Nairobi; Lagos; Abuja; Addis Ababa; Johannesburg; Pretoria; Cape Town; Brasilia; Brasília; "
    "Rio de Janeiro; São Paulo; Sao Paulo; Buenos Aires; Mexico City; Havana; Caracas; Bogota; Bogotá; Lima; "
    "Santiago; Shanghai; Taipei; Osaka; Busan; Vladivostok; Minsk; Tbilisi; Yerevan; Baku; Astana; Tashkent; "
    "Oslo; Stockholm; Helsinki; Copenhagen; Dublin; Edinburgh; Cardiff; Belfast; Amsterdam; The Hague; Bern; "
    "Zurich; Milan; Munich; Frankfurt; Hamburg; Barcelona; Kraków; Krakow; Gdansk; Gdańsk; Sofia; Bucharest; "
    "Belgrade; Zagreb; Sarajevo; Tirana; Skopje; Vilnius; Riga; Tallinn; Chisinau; Odesa; Odessa; Kharkiv; "
    "Lviv; Donetsk; Rafah; Ramallah; Khartoum; Tripoli; Tunis; Algiers; Rabat; Dakar; Accra; Kinshasa; "
    "Kampala; Kigali; Dar es Salaam; Harare; Lusaka; Luanda; Maputo; Pyeongtaek; Incheon; Okinawa; Guam; "
    "Honolulu; Rotterdam; Marseille; Lyon; Brest; Bordeaux; Porto; Poznań; Poznan; Wrocław; Dresden; "
    "Cologne; Naples; Venice; Florence; Seville; Valencia; Manchester; Liverpool; Birmingham; Glasgow; "
    "Boston; Miami; Houston; Dallas; Atlanta; Seattle; San Francisco; Vancouver; Montreal; Melbourne; "
    "Perth; Auckland; Mombasa; Kisumu; Haiphong; Ho Chi Minh City; Da Nang; Phnom Penh; Yangon; Mandalay; "
    "Chennai; Kolkata; Bangalore; Bengaluru; Hyderabad; Strasbourg; Luxembourg; Brussels; Vatican City; "
    "Brussels; Kandahar; Mosul; Aleppo; Homs; Benghazi; Mogadishu; Juba; Goma; Bamako; Niamey; Ouagadougou"
)
# Adjectives of nationality -> country name, for the `country` field.
DEMONYMS: dict[str, str] = {
    k: v
    for pair in (
        "Afghan:Afghanistan Albanian:Albania Algerian:Algeria Argentine:Argentina Argentinian:Argentina "
        "Armenian:Armenia Australian:Australia Austrian:Austria Azerbaijani:Azerbaijan Bangladeshi:Bangladesh "
        "Belarusian:Belarus Belgian:Belgium Bolivian:Bolivia Brazilian:Brazil British:Britain Bulgarian:Bulgaria "
        "Cambodian:Cambodia Cameroonian:Cameroon Canadian:Canada Chilean:Chile Chinese:China Colombian:Colombia "
        "Croatian:Croatia Cuban:Cuba Cypriot:Cyprus Czech:Czechia Danish:Denmark Dutch:Netherlands "
        "Ecuadorian:Ecuador Egyptian:Egypt Emirati:UAE Estonian:Estonia Ethiopian:Ethiopia Filipino:Philippines "
        "Philippine:Philippines Finnish:Finland French:France Georgian:Georgia German:Germany Ghanaian:Ghana "
        "Greek:Greece Hungarian:Hungary Icelandic:Iceland Indian:India Indonesian:Indonesia Iranian:Iran "
        "Iraqi:Iraq Irish:Ireland Israeli:Israel Italian:Italy Jamaican:Jamaica Japanese:Japan Jordanian:Jordan "
        "Kazakh:Kazakhstan Kenyan:Kenya Korean:Korea Kuwaiti:Kuwait Lebanese:Lebanon Libyan:Libya "
        "Lithuanian:Lithuania Latvian:Latvia Malaysian:Malaysia Mexican:Mexico Moldovan:Moldova "
        "Mongolian:Mongolia Moroccan:Morocco Nepali:Nepal Nepalese:Nepal Nigerian:Nigeria Nigerien:Niger "
        "Norwegian:Norway Pakistani:Pakistan Palestinian:Palestine Peruvian:Peru Polish:Poland "
        "Portuguese:Portugal Qatari:Qatar Romanian:Romania Russian:Russia Rwandan:Rwanda Saudi:Saudi_Arabia "
        "Senegalese:Senegal Serbian:Serbia Singaporean:Singapore Slovak:Slovakia Slovenian:Slovenia "
        "Somali:Somalia Spanish:Spain Sudanese:Sudan Swedish:Sweden Swiss:Switzerland Syrian:Syria "
        "Taiwanese:Taiwan Thai:Thailand Tunisian:Tunisia Turkish:Turkey Ugandan:Uganda Ukrainian:Ukraine "
        "Uruguayan:Uruguay Uzbek:Uzbekistan Venezuelan:Venezuela Vietnamese:Vietnam Yemeni:Yemen "
        "Zambian:Zambia Zimbabwean:Zimbabwe Guatemalan:Guatemala Honduran:Honduras Salvadoran:El_Salvador "
        "Nicaraguan:Nicaragua Panamanian:Panama Dominican:Dominican_Republic Haitian:Haiti Paraguayan:Paraguay "
        "Angolan:Angola Ivorian:Ivory_Coast Malian:Mali Tanzanian:Tanzania Mozambican:Mozambique Namibian:Namibia "
        "Botswanan:Botswana Sierra_Leonean:Sierra_Leone Liberian:Liberia Burkinabe:Burkina_Faso Chadian:Chad "
        "Sri_Lankan:Sri_Lanka Burmese:Myanmar Laotian:Laos Bruneian:Brunei Kyrgyz:Kyrgyzstan Tajik:Tajikistan "
        "Turkmen:Turkmenistan Afghani:Afghanistan Omani:Oman Bahraini:Bahrain Maltese:Malta Luxembourgish:Luxembourg "
        "Montenegrin:Montenegro Bosnian:Bosnia Macedonian:North_Macedonia Albanian:Albania Kosovar:Kosovo "
        "Icelander:Iceland Scandinavian:Scandinavia Costa_Rican:Costa_Rica Puerto_Rican:Puerto_Rico "
        "Zambian:Zambia Zimbabwean:Zimbabwe American:US Welsh:Wales Scottish:Scotland English:England "
        "South_Korean:South_Korea North_Korean:North_Korea South_African:South_Africa Sri_Lankan:Sri_Lanka "
        "New_Zealand:New_Zealand Breton:France Spanish:Spain Galician:Spain Bavarian:Germany"
    ).split()
    for k, v in [tuple(x.replace("_", " ") for x in pair.split(":"))]
}

# News agencies seen in datelines and "X reported".
AGENCIES = _words(
    "AP AFP Reuters Xinhua Yonhap IANS PTI ANI UNI Bloomberg KCNA TASS Interfax Kyodo Bernama Anadolu WAFA "
    "EFE ANSA DPA dpa BBC CNN Jiji NHK Antara PAP CTK APA Belga AAP CP SPA WAM MENA IRNA ISNA Tasnim Fars "
    "Sputnik RIA Ukrinform Itar-Tass Prensa Latina"
)

# --- Verbs --------------------------------------------------------------------

# Verbs that attribute speech; the second list needs "that" for a reported clause.
SAY_VERBS = _words("said says say told tells added adds")
SPEECH_VERBS = SAY_VERBS | _words(
    "stated noted stressed stresses emphasised emphasized emphasises emphasizes explained "
    "explains argued argues claimed warned warns insisted insists announced announces declared "
    "declares remarked replied responded asked asks wrote writes tweeted posted recalled recalls continued "
    "concluded commented observed acknowledged acknowledges admitted admits confirmed confirms urged urges "
    "reported quipped joked cautioned predicted suggested suggests affirmed reaffirmed reiterated "
    "underlined highlighted maintained maintains conceded concedes agreed agrees countered contended "
    "pointed vowed promised pledged added explained shouted told described called dubbed labelled labeled branded "
    "termed"
)
# Verbs that introduce reported content: whoever stands before them is a source, not a participant.
REPORTING_VERBS = _words(
    "said says told tells added adds stated noted warned confirmed announced reported argued claimed explained "
    "insisted wrote according"
)
# Extra tails between a speaker and the verb's object: "said in a statement", "told reporters on Monday".
SPEECH_TAIL = (
    r"(?:\s+(?:on|in|at|during|after|before|via|from|late|early|earlier|later|last|this|through|over|"
    r"outside|inside|ahead\s+of|while|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today"
    r")\b[^,.;:\"“”«»]{0,60}?)?"
)

# Meeting triggers, in the order kinds are tried when they tie; "call" always wins.
MEETING_TRIGGERS: list[tuple[str, str]] = [
    ("call", r"(?:tele)?phone[ -](?:call|conversation|talks?)|spoken?\s+(?:by|over\s+the|on\s+the)\s+(?:tele)?phone"
             r"|video\s*(?:call|conference|link)|videoconference|virtual\s+(?:meeting|talks|summit)"
             r"|(?:a|the|in\s+a)\s+call\s+with|held\s+a\s+call|(?:tele)?phoned"
             r"|(?:discuss\w*|spoke|talked|talks|conferred|met)\s+(?:\w+\s+){0,3}?(?:by|over\s+the)\s+(?:tele)?phone"),
    ("summit", r"summits?"),
    ("visit", r"visit(?:s|ed|ing)?|tour(?:ed|ing)|trip\s+to|travell?ed\s+to|arrived\s+in"
              r"|received\s+(?:a|the)\s+delegation|(?<!co-)hosted(?!\s+by\b)|welcomed"  # not "(co-)hosted by X"
              # a guided visit: "took them on a tour of", "showed the envoy round", "walked them through the site"
              r"|tours?\s+of|showed\s+(?:[\w'’-]+\s+){1,4}?(?:a)?round|(?:walked|guided)\s+(?:[\w'’-]+\s+){0,3}?through"),
    ("ceremony", r"ceremon(?:y|ies)|inaugurat\w+|sworn\s+in|swearing-in|funeral|commemorat\w+|parade|wreath"
                 r"|signing(?!\s+(?:off|up)\b)"  # not "signing off on the loans"
                 r"|cut\s+(?:(?:a|the)\s+)?(?:[\w,-]+\s+){0,5}?ribbon"),  # "cut a blue and gold ribbon"
    ("talks", r"talks|met|meets|meeting|meet|discuss(?:ed|es|ing|ions?)|negotiat(?:ed|ions|ing)|conferred"
              r"|consultations|sat\s+down\s+with|held\s+(?:a\s+)?(?:session|dialogue)|session"
              # "spent two hours with the minister in a hangar"
              r"|spent\s+(?:(?:about|some|more\s+than|nearly|almost|over)\s+)?[\w-]+\s+(?:hours?|minutes?)\b"
              r"(?=[^.;]{0,100}\bwith\b)"),
    ("other", r"attend(?:ed|s|ing)?|conference(?!\s+(?:room|hall|centre|center|call))|forum|reception|dinner"
              r"|luncheon|gathering|rally"),  # not "hearing": court and committee hearings are not meetings
]
# Triggers that only continue a ceremony already described ("X signed on behalf of ...").
WEAK_TRIGGERS = r"signed|signing|witnessed|unveiled|laid"
# Lower-case words at least one of which every meeting trigger contains (a cheap pre-test).
TRIGGER_KEYWORDS = _words(
    "phone telephone phoned telephoned videoconference video virtual call spoke spoken talked summit summits visit "
    "visits visited visiting toured touring trip travelled traveled travel travels arrived delegation hosted welcomed "
    "ceremony ceremonies sworn swearing funeral parade wreath signing talks met meets meeting meet discussed discusses "
    "discussing discussion discussions negotiated negotiations negotiating conferred consultations sat session "
    "dialogue attend attended attends attending conference forum reception dinner luncheon gathering rally "
    "inaugurated inauguration inaugural commemoration commemorating commemorated commemorative tour tours showed "
    "walked guided ribbon spent"
)
ANAPHOR_KEYWORDS = _words(
    "meeting talks call visit summit ceremony discussion discussions conversation session delegation signing both two "
    "pair room present accompanied flanked joined attended council councillors councilors delegates congress "
    "assembly audience panel guests participants attendees"
)
PLEDGE_KEYWORDS = _words(
    "vowed vows vow vowing pledged pledges pledging promised promises promising committed commits agreed undertook "
    "undertakes undertake provide donate contribute supply deliver allocate finance fund offered offers announced "
    "assurances guarantees guaranteed aside earmarked earmarks ringfenced fenced prepared ready willing"
)
# Phrases whose trigger word names the occasion, not the meeting itself.
MEETING_CONTEXT = r"on\s+the\s+sidelines\s+of|ahead\s+of|in\s+the\s+run-up\s+to|on\s+the\s+margins\s+of"
# A sentence that continues the previous meeting rather than starting one.
MEETING_ANAPHOR = (
    r"\b(?:the|their|this|that|his|her|during\s+the|at\s+the)\s+(?:\w+\s+){0,2}?"
    r"(?:meeting|talks|call|visit|summit|ceremony|discussions?|conversation|session|delegation|signing)\b"
    r"|\bboth\s+sides\b|\bthe\s+two\s+(?:sides|leaders|men|women|ministers|officials|governments|delegations)\b"
    r"|\bthe\s+two\s+(?:also\s+)?(?:agreed|discussed|vowed|pledged|signed|met|spoke|said|have|had|will|were|are)\b"
    r"|\bthe\s+pair\b"
    # "X told councillors that ...": an address to the gathering told of before
    r"|\btold\s+(?:the\s+)?(?:council|councillors|councilors|delegates|congress|assembly|audience|panel|guests"
    r"|participants|attendees)\b"
)
# Verb phrases that mark a planned meeting ("is due to meet") rather than one held.
TOPIC_LEADS = (
    r"discuss(?:ed|ing)?|talks\s+(?:on|about)|discussions\s+(?:on|about)|focused\s+on|focusing\s+on"
    r"|the\s+importance\s+of|to\s+address|concerns?\s+(?:about|over)|on\s+issues?\s+(?:such\s+as|including)"
)
OUTCOME_LEADS = r"agreed\s+(?:to|that|on)|signed|reached\s+(?:an?\s+)?(?:agreement|deal|consensus)"
# Lower-case nouns that make "at the X in Y" a venue.
VENUE_NOUNS = _words(
    "ministry ministries headquarters office offices palace residence embassy consulate building house hall "
    "hotel base airport compound prefecture parliament court courthouse stadium centre center campus "
    "university school hospital museum port terminal village town city capital square chamber secretariat "
    "mansion castle sidelines venue headquarter plant factory site camp station"
)

# Pledge triggers; the named group "to" marks a commitment that begins after "to".
PLEDGE_TRIGGERS = (
    r"vow(?:ed|s|ing)|pledg(?:ed|es|ing)|promis(?:ed|es|ing)"
    r"|(?:has\s+|have\s+|had\s+)?committed\s+(?:itself\s+|themselves\s+|himself\s+|herself\s+)?to"
    r"|(?:remains?|is|are|was|were|be)\s+committed\s+to|agreed(?:\s+on\s+\w+day)?\s+to|undert(?:ook|akes?)\s+to"
    r"|committed(?=\s+(?:a\s+further\s+|another\s+|an\s+(?:extra|additional)\s+)?(?:[$€£¥₹]|\d))"  # "committed $40m"
    r"|(?:is|are|was|were|stands?|stood)\s+(?:also\s+)?(?:prepared|ready|willing)\s+to"  # "was prepared to fund"
    r"|to\s+(?:provide|donate|contribute|supply|deliver|allocate|finance|fund)"
    r"|offer(?:ed|s)|announced(?=[^.;]{0,60}?(?:\$|€|£|\bfunds?\b|funding|\baid\b|package|grant|million|billion|loan"
    r"|support|assistance|contribution|donation))"
)
MONEY = r"(?:[$€£¥₹]\s?\d[\d.,]*(?:\s?(?:million|billion|trillion|bn|m|k))?|\d[\d.,]*\s?(?:million|billion|trillion)" \
        r"(?:\s+(?:euros?|dollars?|pounds?|yen|yuan|rupees?|shillings?|zlotys?|francs?|won))?)"
BENEFIT_NOUNS = (
    r"aid|assistance|support|funding|funds?|help|grants?|loans?|relief|weapons|equipment|vaccines|supplies"
    r"|money|package|investment|donation|contribution|compensation|scholarships?|training"
)

# --- Pledges stated as future actions: "X will invest ...", "Y said Z would hire ..." -------------------------

# Verbs that make "will/would <verb>" a commitment; a phrase may be a regex ("work day and night to").
COMMIT_VERBS = _phrases(
    "invest; build; hire; recruit; create; cover; share; set up; send; lift; restore; release; pay; spend; rebuild; "
    "help; support; give; grant; train; open; reopen; expand; keep; guarantee; cut; reduce; fast-track; provide; "
    "donate; contribute; supply; deliver; allocate; finance; fund; deploy; double; triple; raise; increase; upgrade; "
    "modernise; modernize; repair; replace; install; offer; extend; waive; scrap; abolish; compensate; protect; "
    "set aside; earmark; establish; launch; resume; lower; freeze; match; refund; publish; charter; lend; loan; "
    "put; second; retrain; hand over; equip; dispatch; purchase; buy; ease; stop; station; inspect; test; re-test; "
    "recount; complete; accept; sponsor; table; file; close; lead; drop; hand; "
    r"work(?=[^.,:]{0,30}?\bto\s)"
)
# After "was prepared/ready/willing to", verbs that offer talk, not action: "willing to listen".
SOFT_OFFER_VERBS = _words("listen talk consider discuss negotiate meet look compromise engage hear")
# Heads of a possessive subject that can commit besides organisations and posts ("Ethiopia's federal police").
PARTY_NOUNS = _words("police army military navy forces court parliament people side partner donor member team crew")
# After any "promised to" / "agreed to": verbs that promise a thought, not an act ("promised to look at ...").
SOFT_PROMISE_VERBS = _words("look consider listen explore")
# After "will not" / "would not" any verb states a refusal ("will not sign a contract that ..."), except these.
NOT_REFUSAL_VERBS = _words(
    "be been have has comment say disclose confirm reveal speculate know need want expect happen change matter rule "
    "hesitate elaborate specify identify name discuss see tell answer respond give get make go take last stop "
    "survive affect help mean require cost attend travel visit meet play return participate compete join"
)
# Verbs that, joined by "and" to a commitment, start a second one ("hire 400 staff and raise wages ...").
SECOND_VERBS = _words("pool form present review hold strengthen boost improve ensure maintain develop")
# Past-tense allocations whose verb belongs in the commitment: "has set aside £12 million for ...".
ALLOCATION_TRIGGERS = r"set\s+aside|earmark(?:ed|s)?|ring-?fenced"
# Speech verbs under which a "would <verb>" clause still states the speaker's commitment.
COMMIT_SPEECH = _words(
    "said says told tells added adds announced announces confirmed confirms stated promised promises pledged pledges "
    "vowed vows insisted assured assures declared reiterated stressed explained wrote noted revealed disclosed "
    "guaranteed guarantees committed agreed"
)
# Words that make a future clause a guess, a fear or a condition rather than a commitment.
UNSURE_WORDS = _words(
    "expect expects expected hope hopes hoped fear fears feared predict predicts predicted forecast forecasts "
    "believe believes believed doubt doubts doubted suspect suspects suspected speculate speculated estimate "
    "estimates estimated likely unlikely possibly perhaps probably reportedly might may could warned warn warns "
    "worry worries worried wonder wondered asked whether if unless assuming suggested suggests rumoured rumored "
    "reckon reckons claimed claims alleged alleges accused denied denies declined refused whatever hypothetically"
)
# Conditions that turn the rest of a commitment hypothetical.
CONDITIONS = r"if|unless|provided(?:\s+that)?|as\s+long\s+as|on\s+condition|in\s+case"
# Speakers whose "X would ..." is a prediction about someone else, never that party's commitment.
SKEPTIC_SPEAKERS = _words(
    "critics analysts experts economists observers opponents opposition residents campaigners activists sceptics "
    "skeptics detractors commentators pundits rivals unions tenants neighbours neighbors traders forecasters investors "
    "sources"
)
# Role words that make a speaker a third party rather than a spokesperson for the actor they talk about.
THIRD_PARTY_ROLES = _words(
    "opposition analyst economist critic professor researcher expert activist campaigner union resident tenants "
    "tenants' residents' commentator pundit former rival lawyer"
)
# Roles whose holder commits for their organisation: "Seorin will invest ..., its chief executive said".
EXECUTIVE_ROLES = _words(
    "chief executive ceo chairman chairwoman chair president director managing founder owner head spokesman "
    "spokeswoman spokesperson secretary-general director-general governor commissioner"
)
# The words of an executive post written as two ("secretary general", "general secretary"): neither is one alone.
SECRETARY_GENERAL = frozenset({"secretary", "general"})
# Group subjects that stand for the parties of a meeting (or the parties named last).
GROUP_NUMBERS = {"both": 2, "pair": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
GROUP_ACTOR = (
    r"(?:both|the\s+(?:two|three|four|five|six))(?:\s+(?P<noun>[a-z][\w-]*))?|the\s+pair"
    r"|the\s+(?P<noun2>sides|ministers|leaders|delegations|governments|presidents|parties|negotiators|officials"
    r"|companies|firms|banks|clubs|groups|organisations|organizations|countries)"
)
# Group nouns that mean organisations rather than the people at a meeting.
GROUP_ORG_NOUNS = _words("companies firms banks clubs groups organisations organizations lenders charities unions")
# Organisation anaphors ("the lender") by class, each with the capitalised words that confirm a name of that
# class ("Bank", "Fund"). "the company" may fall back to the latest neutral name ("Friesmelk"); the classes in
# ORG_FALLBACK_CLASSES are the ones that may.
ORG_CLASSES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    cls: (_words(heads), _words(names))
    for cls, heads, names in (
        ("business",
         "company firm group operator maker manufacturer carrier airline insurer retailer developer supplier utility "
         "cooperative co-operative consortium conglomerate giant startup start-up brewer miner producer",
         "Company Co Co. Corp Corp. Corporation Inc Inc. Ltd Ltd. LLC PLC Group Holdings Industries Systems "
         "Technologies Electronics Motors Shipping Logistics Energy Power Airlines Airways Pharmaceuticals Biologics "
         "Insurance Steel Telecom Cooperative Co-operative Ventures Construction Marine Labs Laboratories Media "
         "Pharma Ferries"),
        ("finance", "lender bank fund investor", "Bank Fund Capital Finance Credit Investments Securities"),
        ("public", "council authority agency ministry department board commission regulator watchdog administration "
                   "government",
         "Council Authority Agency Ministry Department Board Commission Administration Government Office Bureau "
         "Directorate"),
        ("civic", "charity trust foundation association union alliance federation", "Charity Trust Foundation "
                  "Association Union Alliance Federation Society"),
        ("sport", "club team league", "Club FC League Wanderers Rovers Athletic"),
        ("academic", "university institute observatory college hospital school",
         "University Institute Observatory College Hospital School Academy"),
    )
}
ORG_FALLBACK_CLASSES = frozenset({"business", "finance", "civic", "sport"})
# Stop words that may begin an organisation's name: "East African Development Fund".
NAME_LEADS = _words(
    "North South East West Northern Southern Eastern Western Central Upper Lower Greater New Old Holy Saint Middle "
    "Latin Islamic Christian Catholic Arab European African Asian American Green Labour Liberal Conservative Socialist"
)
# Capitalised words that make a name an organisation (beyond the class words above).
ORG_NAME_WORDS = frozenset().union(*(names for _, names in ORG_CLASSES.values())) | _words(
    "Organisation Organization Party Committee Partners Network Services Chamber Coalition Secretariat Army Navy "
    "Police Parliament Assembly Senate Congress Studios Cooperative"
)
# Lower-case nouns right before a name that make it an organisation: "the British charity Medical Aid Partners".
ORG_INTRO_NOUNS = frozenset().union(*(heads for heads, _ in ORG_CLASSES.values())) - _words("government")
# Nouns a beneficiary may continue through "into"/"on": "research into antibiotic resistance".
BENEFIT_CONTINUES = _words("research studies study cost costs construction development treatment care")
# Plural nouns that name who a commitment is "for": "lift visa requirements for Georgian students".
BENEFIT_GROUPS = (
    "students|workers|families|children|farmers|patients|residents|victims|refugees|pupils|nurses|communities"
    "|households|homes|schools|hospitals|clinics"
)
# Allocation or transfer verbs whose "to <noun>" / "for <noun>" names a beneficiary.
TRANSFER_VERBS = r"send|deploy|dispatch|give|grant|donate|offer|supply|deliver|pay|lend"

# Words that open a sentence with a subordinate phrase ("In response, ...").
SENT_STARTERS = _words(
    "The A An He She It They We I But And In On At This That These Those His Her Their Its There However "
    "Meanwhile After Before During While When As If For From With By Also Yet So Some Many Most All Both "
    "According Earlier Later Last Next One Two Police Officials"
)
# Abbreviations that never end a sentence, and those that may ("Inc. The").
ABBREV_FIXED = _words(
    "Dr Dra Sra Srta Mme Mr Mrs Ms Prof Gen Lt Col Maj Capt Sgt Adm Gov Sen Rep Rev Hon St Mt Ft Jan Feb Mar Apr Jun "
    "Jul Aug Sep Sept Oct Nov Dec No Nos Fig vs Pres Amb Brig Cmdr Cpl Pvt Supt Insp Det Messrs approx dept est"
)
ABBREV_SOFT = _words("Jr Sr etc Inc Ltd Co Corp Bros Ave Blvd Rd pp al")
# Nouns a "pledging" modifies ("a pledging conference"): an event, not a promise.
PLEDGING_NOUNS = _words("meeting meetings conference conferences summit session sessions round event drive campaign")
# Words before "to provide/supply ..." that make it a purpose: "a fund meant to supply ...".
PURPOSE_WORDS = _words("meant designed intended aimed used needed enough able")
# Posts as a title abbreviates them ("Gov. Ana Ruiz"): how a role phrase's head can stand in a role.
ROLE_ABBREVIATIONS = {"governor": "gov.", "senator": "sen.", "representative": "rep.", "general": "gen.",
                      "professor": "prof.", "president": "pres."}
# First words of an "offered ..." object that is no commitment: "offered condolences", "offered no details".
NOT_PLEDGE_OBJECTS = _words(
    "condolences sympathy resignation apology apologies prayers thanks congratulations no few little details "
    "explanation comment glimpse view views insight assessment opinion figures timeline timetable names"
)
