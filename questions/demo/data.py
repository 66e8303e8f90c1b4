"""The demo data itself: the reference question page, its similar Q&A and related topics,
the generated Q&A across a dozen departments, and questions that are not public. All
generated text and dates come from a fixed seed and a fixed anchor date
(questions.demo.loading writes them)."""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from questions.models import Question

TAIPEI = timezone.get_fixed_timezone(8 * 60)
ANCHOR = datetime(2026, 10, 1, 9, 0, tzinfo=TAIPEI)


def _at(year, month, day, hour=10, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=TAIPEI)


# name, slug, description
DEPARTMENTS = [
    ("Neurology", "neurology", "Disorders of the brain, spinal cord, nerves and muscles: headache, "
     "dizziness, numbness, tremor, seizures and sleep-related movements."),
    ("Neurosurgery", "neurosurgery", "Surgical care of the brain, spine and peripheral nerves."),
    ("Psychiatry", "psychiatry", "Mood, anxiety, sleep and behaviour: insomnia, depression, "
     "stress and more."),
    ("Cardiology", "cardiology", "The heart and blood vessels: palpitations, chest discomfort, "
     "blood pressure."),
    ("Dermatology", "dermatology", "Skin, hair and nails: rashes, itching, acne and moles."),
    ("Gastroenterology", "gastroenterology", "The stomach, bowel, liver and pancreas."),
    ("Ophthalmology", "ophthalmology", "Eyes and vision."),
    ("Otolaryngology", "otolaryngology", "Ear, nose and throat: hearing, sinuses, voice."),
    ("Orthopedics", "orthopedics", "Bones, joints, muscles and sports injuries."),
    ("Pediatrics", "pediatrics", "The health of babies, children and teenagers."),
    ("Obstetrics and Gynecology", "obstetrics-and-gynecology", "Pregnancy, periods and "
     "women's health."),
    ("Family Medicine", "family-medicine", "Everyday health questions, check-ups and where "
     "to start."),
]  # fmt: skip

# name, slug, department slug, title, hospital, bio
DOCTORS = [
    ("Yeh Po-Shou", "yeh-po-shou", "neurology", "Attending Physician", "Hsinchu Hospital",
     "Specialises in sleep-related movement disorders and epilepsy."),
    ("Jiang Junyi", "jiang-junyi", "neurology", "Attending Physician", "Taoyuan Hospital",
     "Headache, dizziness and peripheral nerve disorders."),
    ("Ding Xianwei", "ding-xianwei", "neurosurgery", "Chief of Neurosurgery", "Taichung Hospital",
     "Spine surgery and peripheral nerve surgery."),
    ("Li Zhengfeng", "li-zhengfeng", "psychiatry", "Attending Psychiatrist", "Taipei Hospital",
     "Insomnia, anxiety and mood disorders."),
    ("Chen Mei-Ling", "chen-mei-ling", "psychiatry", "Attending Psychiatrist", "Tainan Hospital",
     "Stress-related and adolescent mental health."),
    ("Lin Chih-Hao", "lin-chih-hao", "cardiology", "Attending Physician", "Taipei Hospital",
     "Arrhythmia and hypertension."),
    ("Wang Shu-Fen", "wang-shu-fen", "dermatology", "Attending Physician", "Keelung Hospital",
     "Eczema, acne and pigment disorders."),
    ("Huang Kuo-Wei", "huang-kuo-wei", "gastroenterology", "Attending Physician",
     "Changhua Hospital", "Endoscopy and functional bowel disorders."),
    ("Tsai Ya-Ting", "tsai-ya-ting", "ophthalmology", "Attending Physician", "Chiayi Hospital",
     "Dry eye, refraction and retina."),
    ("Wu Chien-Hung", "wu-chien-hung", "otolaryngology", "Attending Physician", "Yilan Hospital",
     "Hearing, tinnitus and sinus disease."),
    ("Cheng Yu-Chun", "cheng-yu-chun", "orthopedics", "Attending Physician", "Pingtung Hospital",
     "Sports injuries and knee surgery."),
    ("Hsu Pei-Shan", "hsu-pei-shan", "pediatrics", "Attending Pediatrician", "Hualien Hospital",
     "Childhood infections, growth and allergies."),
    ("Kao Hui-Chen", "kao-hui-chen", "obstetrics-and-gynecology", "Attending Physician",
     "Taitung Hospital", "Menstrual disorders and prenatal care."),
    ("Chang Wen-Chieh", "chang-wen-chieh", "family-medicine", "Attending Physician",
     "Miaoli Hospital", "Preventive care and chronic disease follow-up."),
]  # fmt: skip

# The ten Related FAQ topics of the reference page, in its order, all Neurology.
REFERENCE_TOPICS = [
    "Involuntary Body Movements", "Sleep", "Facial Twitching", "Body Shaking",
    "Eyelid Muscle Twitching", "Muscle Cramp", "Tremor",
    "Autonomic Nervous System Dysfunction", "Leg Numbness", "Muscle Fasciculation",
]  # fmt: skip

REFERENCE_MORE_INFO = """\
Involuntary limb jerks during sleep, often referred to as "sleep myoclonus" or "hypnic jerks," are relatively common phenomena that many individuals experience. These jerks can occur as a person transitions from wakefulness to sleep and are generally harmless. However, understanding the underlying causes and implications can help alleviate any concerns you may have.

### What Are Hypnic Jerks?

Hypnic jerks are sudden, involuntary muscle contractions that typically occur as a person is falling asleep. They can affect various muscle groups, including the arms and legs, and may be accompanied by a sensation of falling or a brief awakening. While they can be startling, they are usually benign and not indicative of any serious medical condition.

### Causes of Hypnic Jerks

1. **Sleep Transition**: As you transition from wakefulness to sleep, your body undergoes several physiological changes. The brain may misinterpret the relaxation of muscles as a signal that you are falling, leading to a reflexive muscle contraction to "catch" yourself.
2. **Stress and Anxiety**: High levels of stress or anxiety can increase the frequency of hypnic jerks. When your mind is racing or you are preoccupied with worries, your body may respond with muscle twitches as a way to release tension.
3. **Fatigue**: Being overly tired can also contribute to the occurrence of these jerks. When your body is exhausted, it may not transition smoothly into sleep, leading to more frequent involuntary movements.
4. **Caffeine and Stimulants**: Consumption of caffeine or other stimulants, especially close to bedtime, can disrupt your sleep cycle and increase the likelihood of experiencing hypnic jerks.
5. **Sleep Disorders**: In some cases, hypnic jerks may be associated with other sleep disorders, such as restless leg syndrome or sleep apnea. If you notice other symptoms, such as excessive daytime sleepiness or difficulty breathing during sleep, it may be worth consulting a healthcare professional.

### When to Seek Help

While hypnic jerks are generally harmless, you should consider seeking medical advice if:

- The jerks are frequent and disrupt your sleep significantly.
- You experience other unusual symptoms, such as excessive daytime sleepiness, difficulty concentrating, or changes in mood.
- You have a history of sleep disorders or other medical conditions that may be affecting your sleep.

### Management Strategies

1. **Sleep Hygiene**: Establishing a regular sleep routine can help improve the quality of your sleep. Aim for consistent sleep and wake times, create a relaxing bedtime environment, and limit exposure to screens before bed.
2. **Stress Management**: Incorporating relaxation techniques, such as deep breathing exercises, meditation, or yoga, can help reduce stress and anxiety, potentially decreasing the frequency of hypnic jerks.
3. **Limit Stimulants**: Reducing or eliminating caffeine and other stimulants, particularly in the hours leading up to bedtime, can help promote a more restful sleep.
4. **Consult a Specialist**: If your symptoms persist or worsen, consider consulting a sleep specialist who can conduct a thorough evaluation and recommend appropriate interventions.

In summary, involuntary limb jerks during sleep are typically benign and can be attributed to various factors, including sleep transition, stress, fatigue, and stimulant use. By adopting healthy sleep habits and managing stress, you may find relief from these occurrences. If concerns persist, seeking professional guidance is advisable to ensure your overall sleep health.
"""  # noqa: E501


@dataclass(frozen=True)
class DemoQA:
    nickname: str
    age_range: str
    gender: str
    department: str
    title: str
    body: str
    doctor: str
    reply: str
    asked_at: datetime
    headline: str = ""
    more_info: str = ""
    topics: tuple[str, ...] = ()


REFERENCE_QA = DemoQA(
    nickname="ALEX",
    age_range="20~29",
    gender="female",
    department="neurology",
    title="Involuntary small twitches of the hands and feet during sleep?",
    body=(
        "Hello Dr. Yeh: After I fall asleep, it seems that my hands and feet involuntarily "
        "twitch (not cramps), and I do not feel any discomfort myself.\n"
        "I would like to ask why this happens."
    ),
    doctor="yeh-po-shou",
    reply=(
        "If you are experiencing physical fatigue and insufficient rest, such symptoms may "
        "occur.\nIt is recommended to take a warm bath.\nIf you continue to experience "
        "twitching during sleep, a polysomnography (sleep study) may be conducted."
    ),
    asked_at=_at(2000, 11, 28, 9, 30),
    headline="Involuntary Limb Jerks During Sleep: Causes and Insights",
    more_info=REFERENCE_MORE_INFO,
    topics=("Involuntary Body Movements", "Sleep"),
)

SIMILAR_QA = [
    DemoQA(
        nickname="Elsa", age_range="20~29", gender="female", department="neurology",
        title="Sudden body jerks when falling into deep sleep",
        body=(
            "Hello doctor, recently I have been experiencing sudden body jerks while sleeping at "
            "night, especially when I am about to enter deep sleep. The jerks happen multiple "
            "times and in different areas, sometimes in my fingers, sometimes in my toes, and "
            "sometimes in my arms. They are accompanied by a rapid heartbeat and palpitations, "
            "which wake me up. Is this something I should worry about?"
        ),
        doctor="jiang-junyi",
        reply=(
            'Dear Ms. Elsa, You mentioned that "when entering deep sleep, I experience multiple '
            "jerks in different areas, sometimes in my fingers, sometimes in my toes, and "
            "sometimes in my hands, accompanied by a sensation of rapid heartbeat and "
            'palpitations, which causes me to wake up." These are most likely hypnic jerks, '
            "which are common when the body is tired or stressed. The palpitations are usually "
            "the body's startle response. Keep regular sleeping hours and cut down on coffee "
            "and tea after noon. If the jerks also happen while you are awake, or you notice "
            "weakness, please visit a neurology clinic for an examination."
        ),
        asked_at=_at(2021, 3, 14),
        headline="Understanding Involuntary Muscle Jerks During Sleep: Causes and Concerns",
        topics=("Involuntary Body Movements", "Sleep"),
    ),
    DemoQA(
        nickname="Painful legs", age_range="30~39", gender="male", department="neurosurgery",
        title="Leg jerks at night for a week",
        body=(
            "Hello, doctor: I have been experiencing involuntary leg movements while sleeping "
            "for the past week. Sometimes, it even affects my ability to fall asleep and causes "
            "feelings of tension and spasms. What could be the reason for this? Thank you! "
            "(It's really painful.)"
        ),
        doctor="ding-xianwei",
        reply=(
            "Your issue requires further examination before a definitive answer can be "
            "provided. It is recommended that you consult a neurologist for additional testing "
            "and evaluation."
        ),
        asked_at=_at(2019, 8, 2),
        headline="Understanding Unexplained Leg Jerks During Sleep: Causes and Solutions",
        topics=("Involuntary Body Movements", "Sleep"),
    ),
    DemoQA(
        nickname="Night owl", age_range="40~49", gender="female", department="psychiatry",
        title="Waking up because my legs twitch as I fall asleep",
        body=(
            "Hello Doctor: For the past few days, I have been waking up suddenly when I fall "
            "asleep because my legs twitch. It happens once or twice, but I usually wake up "
            "just as I'm about to fall asleep! I've also noticed that sometimes my hands twitch "
            "as well. When I wake up, my heart is racing and it takes me a long time to fall "
            "asleep again."
        ),
        doctor="li-zhengfeng",
        reply=(
            "Hello: First, thank you for your letter. Insomnia generally has three categories "
            "of causes. 1. Physiological factors, such as joint pain or heart disease, which can "
            "lead to insomnia due to physical discomfort. 2. Mental health disorders or "
            "psychological stress, such as depression or anxiety. 3. Poor sleep habits, such as "
            "irregular hours or caffeine late in the day. The twitches you describe are common "
            "when falling asleep and are made worse by stress; if the insomnia lasts more than a "
            "month, please see a psychiatrist or a sleep clinic."
        ),
        asked_at=_at(2017, 5, 20),
        headline="Understanding Sleep Jerks: Causes and Solutions for Insomnia",
        topics=("Involuntary Body Movements", "Sleep"),
    ),
    DemoQA(
        nickname="Miss Chou", age_range="20~29", gender="female", department="neurology",
        title="Cramping pain in my limbs when falling asleep",
        body=(
            "Hello doctor, I have noticed that my limbs experience cramping pain when trying to "
            "fall asleep over the past two days. The day before yesterday, it was my right calf, "
            "and last night it was my left thigh. I would like to inquire about what this "
            "condition might be."
        ),
        doctor="jiang-junyi",
        reply=(
            'Hello, Miss: Your symptoms may suggest "hypnic jerks." 1. Due to insufficient '
            "sleep, your body may enter the REM phase prematurely: This can occur when you are "
            "overly fatigued or have irregular sleep patterns, as your brain has entered the "
            "sleep cycle but your body has not fully relaxed. 2. Cramps can also come from "
            "dehydration or low minerals after exercise: drink enough water and stretch your "
            "calves before bed. If the pain persists, please see a neurologist."
        ),
        asked_at=_at(2015, 11, 9),
        headline="Understanding Sleep-Related Limb Pain: Causes and Solutions",
        topics=("Involuntary Body Movements", "Sleep"),
    ),
]  # fmt: skip

# Generated Q&A: per department, its FAQ topics (name, featured) and the worries patients
# write about, each as (title, the symptom in a sentence, the doctor's advice).
GENERATED = {
    "neurology": (
        [],  # the reference topics
        [
            ("Hands shake when holding a cup", "my hands shake when I hold a cup or a pen",
             "A fine tremor that shows when holding things is often an essential tremor or a "
             "sign of too much caffeine, stress or an overactive thyroid.", "Tremor"),
            ("Eyelid keeps twitching", "my left lower eyelid has been twitching",
             "Eyelid twitching is usually benign myokymia linked to tiredness, screen time and "
             "caffeine.", "Eyelid Muscle Twitching"),
            ("Numbness in both feet", "both of my feet feel numb, especially in the evening",
             "Numbness in both feet can come from nerve compression, diabetes or vitamin B12 "
             "deficiency, so blood tests are a good first step.", "Leg Numbness"),
            ("Muscles in my arm twitch under the skin", "small muscles in my upper arm twitch "
             "like worms under the skin", "Visible muscle twitches without weakness are usually "
             "benign fasciculations.", "Muscle Fasciculation"),
            ("Calf cramps at night", "I wake up with painful cramps in my calf",
             "Night cramps are common and are helped by stretching, enough water and regular "
             "exercise.", "Muscle Cramp"),
            ("Corner of my mouth twitches", "the corner of my mouth twitches several times a "
             "day", "Twitching of one side of the face deserves an examination to rule out "
             "hemifacial spasm.", "Facial Twitching"),
            ("Sweating and dizziness when standing up", "I sweat and feel dizzy whenever I "
             "stand up quickly", "Dizziness on standing can be orthostatic hypotension, a sign "
             "of autonomic nervous system dysfunction or simply dehydration.",
             "Autonomic Nervous System Dysfunction"),
            ("Whole body shakes when nervous", "my whole body shakes when I am nervous before "
             "presentations", "Shaking that comes with nervousness is a normal stress response "
             "in most people.", "Body Shaking"),
        ],
    ),
    "neurosurgery": (
        [("Herniated Disc", True), ("Head Injury", True), ("Carpal Tunnel", False)],
        [
            ("Lower back pain running down my leg", "pain runs from my lower back down my "
             "right leg", "Pain running down the leg suggests a herniated disc pressing on a "
             "nerve root; an MRI helps decide on treatment.", "Herniated Disc"),
            ("Hit my head and have a headache", "I hit my head on a cabinet yesterday and "
             "still have a headache", "After a head injury, vomiting, drowsiness or weakness "
             "mean you should go to an emergency department at once.", "Head Injury"),
            ("Fingers numb at night", "my thumb and index finger go numb at night",
             "Numbness of the thumb and index finger at night is typical of carpal tunnel "
             "syndrome.", "Carpal Tunnel"),
        ],
    ),
    "psychiatry": (
        [("Insomnia", True), ("Anxiety", True), ("Depression", False)],
        [
            ("Cannot fall asleep before 3 am", "I cannot fall asleep before three in the "
             "morning", "Difficulty falling asleep often improves with a fixed wake-up time and "
             "no screens in bed.", "Insomnia"),
            ("Heart races before exams", "my heart races and my hands sweat before every exam",
             "Anxiety before exams is common; breathing exercises and regular exercise help.",
             "Anxiety"),
            ("No interest in anything for a month", "I have lost interest in everything for "
             "about a month", "Low mood with loss of interest for weeks may be depression and "
             "deserves a visit to a psychiatrist.", "Depression"),
        ],
    ),
    "cardiology": (
        [("Palpitations", True), ("High Blood Pressure", True)],
        [
            ("Heart skips a beat", "I feel my heart skip a beat several times a day",
             "Skipped beats are often premature contractions; an ECG and a 24-hour Holter "
             "monitor can check them.", "Palpitations"),
            ("Blood pressure 150/95 at home", "my home blood pressure readings are around "
             "150/95", "Repeated home readings above 135/85 are high blood pressure; reduce salt "
             "and see a doctor about treatment.", "High Blood Pressure"),
        ],
    ),
    "dermatology": (
        [("Eczema", True), ("Acne", True), ("Moles", False)],
        [
            ("Itchy red patches on elbows", "I have itchy red patches on the inside of my "
             "elbows", "Itchy patches in skin folds are typical of eczema; moisturise often and "
             "avoid hot showers.", "Eczema"),
            ("Acne on my jaw will not go away", "acne on my jawline keeps coming back",
             "Acne along the jaw is often hormonal; a dermatologist can suggest a treatment "
             "plan.", "Acne"),
            ("A mole is getting bigger", "a mole on my back seems to be getting bigger",
             "A mole that changes size, shape or colour should be examined by a dermatologist.",
             "Moles"),
        ],
    ),
    "gastroenterology": (
        [("Acid Reflux", True), ("Irritable Bowel", True)],
        [
            ("Burning in my chest after meals", "I feel burning behind my breastbone after "
             "meals", "Burning after meals is typical of acid reflux; avoid late meals and "
             "lying down after eating.", "Acid Reflux"),
            ("Bloating and diarrhoea when stressed", "I get bloating and diarrhoea whenever I "
             "am stressed", "Bowel symptoms linked to stress suggest irritable bowel syndrome.",
             "Irritable Bowel"),
        ],
    ),
    "ophthalmology": (
        [("Dry Eye", True), ("Floaters", True)],
        [
            ("Eyes feel dry and gritty", "my eyes feel dry and gritty after work",
             "Dry, gritty eyes after screen work are typical of dry eye; take breaks and blink "
             "often.", "Dry Eye"),
            ("Black spots floating in my vision", "I see small black spots floating when I "
             "look at the sky", "Floaters are common, but a sudden shower of them with flashes "
             "needs an eye examination the same day.", "Floaters"),
        ],
    ),
    "otolaryngology": (
        [("Tinnitus", True), ("Sinusitis", True)],
        [
            ("Ringing in my right ear", "I hear ringing in my right ear at night",
             "Tinnitus in one ear deserves a hearing test.", "Tinnitus"),
            ("Blocked nose for a month", "my nose has been blocked for a month with yellow "
             "mucus", "A blocked nose for weeks with coloured mucus may be sinusitis.",
             "Sinusitis"),
        ],
    ),
    "orthopedics": (
        [("Knee Pain", True), ("Sprained Ankle", True)],
        [
            ("Knee hurts going down stairs", "my knee hurts when I go down stairs",
             "Pain going down stairs often comes from the kneecap joint; strengthening the "
             "thigh muscles helps.", "Knee Pain"),
            ("Ankle still swollen after a sprain", "my ankle is still swollen two weeks after "
             "a sprain", "An ankle still swollen after two weeks should be checked for a "
             "ligament tear or fracture.", "Sprained Ankle"),
        ],
    ),
    "pediatrics": (
        [("Fever in Children", True), ("Child Growth", True)],
        [
            ("My son has a fever of 39 degrees", "my three-year-old son has had a fever of 39 "
             "degrees since yesterday", "A fever in a child who still plays and drinks is "
             "usually a viral infection; watch for breathing trouble or drowsiness.",
             "Fever in Children"),
            ("My daughter is shorter than her classmates", "my daughter is the shortest in "
             "her class", "Height is best judged on a growth chart over time.", "Child Growth"),
        ],
    ),
    "obstetrics-and-gynecology": (
        [("Irregular Periods", True), ("Pregnancy", True)],
        [
            ("Periods come every two months", "my periods come only every two months",
             "Irregular cycles can come from stress, weight change or polycystic ovaries; an "
             "ultrasound and hormone tests help.", "Irregular Periods"),
            ("Can I drink coffee while pregnant", "I am eight weeks pregnant and drink two "
             "coffees a day", "Up to about 200 mg of caffeine a day, roughly one cup of coffee, "
             "is considered safe in pregnancy.", "Pregnancy"),
        ],
    ),
    "family-medicine": (
        [("Health Check-ups", True), ("Common Cold", True)],
        [
            ("Which check-ups do I need at 40", "I am turning forty and have never had a "
             "check-up", "At forty, blood pressure, blood sugar, cholesterol and cancer "
             "screening suited to your age are a good start.", "Health Check-ups"),
            ("Cough that lasts three weeks", "my cough has lasted three weeks after a cold",
             "A cough lasting more than three weeks deserves a chest examination.",
             "Common Cold"),
        ],
    ),
}  # fmt: skip

# A few questions written in Chinese, as patients in Taiwan write them.
CHINESE_QA = [
    DemoQA(
        nickname="小美", age_range="30~39", gender="female", department="psychiatry",
        title="失眠好幾個月，晚上一直醒來怎麼辦？",
        body="醫師您好：我最近幾個月常常失眠，半夜兩三點就醒來，之後就睡不著，白天上班很累。"
             "請問這樣需要吃安眠藥嗎？",
        doctor="chen-mei-ling",
        reply="您好：失眠的原因很多，壓力、作息不規律或情緒困擾都可能造成。建議先固定起床時間，"
              "睡前避免使用手機與喝咖啡。如果持續超過一個月並影響白天生活，請到身心科門診評估，"
              "不建議自行購買安眠藥。",
        asked_at=_at(2026, 6, 3),
        topics=("Insomnia",),
    ),
    DemoQA(
        nickname="阿明", age_range="50~59", gender="male", department="cardiology",
        title="早上量血壓偏高，需要吃藥嗎？",
        body="醫師好，我早上在家量血壓大約 145/92，晚上比較正常。請問需要開始吃降血壓的藥嗎？",
        doctor="lin-chih-hao",
        reply="您好：居家血壓若多次超過 135/85 即屬偏高。建議連續記錄一週早晚血壓，減少鹽分攝取並"
              "規律運動，再帶著紀錄到心臟內科門診討論是否需要用藥。",
        asked_at=_at(2026, 7, 18),
        topics=("High Blood Pressure",),
    ),
    DemoQA(
        nickname="小兔媽媽", age_range="30~39", gender="female", department="pediatrics",
        title="三歲小孩發燒到 39 度，要馬上掛急診嗎？",
        body="醫師您好：我兒子三歲，昨天晚上開始發燒，最高到 39 度，吃了退燒藥會退，"
             "但過幾個小時又燒起來。他精神還不錯，也願意喝水。請問需要馬上帶去急診嗎？",
        doctor="hsu-pei-shan",
        reply="您好：孩子發燒時，精神活動力比體溫數字更重要。若退燒後能玩、願意喝水，"
              "多半是病毒感染，可以先到小兒科門診掛號檢查。如果出現呼吸急促、抽搐、"
              "持續嗜睡叫不醒、尿量明顯減少，或發燒超過三天，請立即就醫。",
        asked_at=_at(2026, 8, 9),
        topics=("Fever in Children",),
    ),
    DemoQA(
        nickname="上班族", age_range="20~29", gender="other", department="gastroenterology",
        title="吃完飯後胸口常常灼熱，是胃食道逆流嗎？",
        body="醫師好：最近兩個月吃完晚餐躺下後，胸口常有灼熱感，有時喉嚨會酸酸的。"
             "我平常工作忙，常常很晚才吃飯，也喝很多咖啡。請問這是胃食道逆流嗎？要做胃鏡嗎？",
        doctor="huang-kuo-wei",
        reply="您好：飯後胸口灼熱、喉嚨有酸味，是胃食道逆流常見的症狀。建議晚餐提早並減量，"
              "飯後三小時內避免躺下，少喝咖啡、濃茶與酒。若調整生活習慣兩到四週仍未改善，"
              "或有吞嚥困難、體重減輕、解黑便，請到腸胃科門診評估是否需要做胃鏡檢查。",
        asked_at=_at(2026, 9, 2),
        topics=("Acid Reflux",),
    ),
    DemoQA(
        nickname="阿珠", age_range="40~49", gender="female", department="dermatology",
        title="手肘內側一直癢，還會脫皮",
        body="醫師您好：我兩邊手肘內側這一個月來一直很癢，抓了以後會紅紅的還會脫皮，"
             "洗完熱水澡更癢。請問這是濕疹嗎？可以自己買藥膏擦嗎？",
        doctor="wang-shu-fen",
        reply="您好：關節內側反覆發癢、泛紅脫皮，常見於異位性皮膚炎或濕疹。平時請多擦保濕乳液，"
              "洗澡水溫不要太熱，避免用力搔抓。類固醇藥膏需依醫師指示使用，"
              "建議到皮膚科門診讓醫師看過皮膚狀況後再決定用藥。",
        asked_at=_at(2026, 9, 20),
        topics=("Eczema",),
    ),
]  # fmt: skip

NICKNAMES = [
    "Ming", "Jessie", "Kevin", "Amy", "Leo", "Tina", "Howard", "Grace", "Ivy", "Sam",
    "Wendy", "Eric", "Nina", "Peter", "Joy", "Ray", "Cindy", "Daniel", "Yuki", "Ben",
]  # fmt: skip
OPENINGS = ["Hello doctor,", "Dear doctor,", "Hello,", "Doctor, hello:"]
DURATIONS = ["for about a week", "for two weeks", "for a month", "since last year",
             "for three days", "on and off for several months"]  # fmt: skip
CONTEXTS = [
    "I work long hours at a computer.", "I have been under a lot of stress at work.",
    "I exercise three times a week.", "I drink two cups of coffee a day.",
    "I have no other illnesses and take no medicine.", "My father had a similar problem.",
]  # fmt: skip
ADVICE = [
    "Keep a short diary of when it happens, and bring it to the clinic.",
    "Rest, drink enough water and avoid staying up late.",
    "If it gets worse, or new symptoms appear, please see a doctor in person.",
    "An examination at the outpatient clinic can tell more than a written description.",
]  # fmt: skip


def generated_qas(rng: random.Random) -> list[DemoQA]:
    doctors_by_department: dict[str, list[str]] = {}
    for _name, slug, department, *_rest in DOCTORS:
        doctors_by_department.setdefault(department, []).append(slug)
    drafts = []
    for department, (_topics, worries) in GENERATED.items():
        # Enough Neurology questions for its archive to need a second page.
        rounds = 4 if department == "neurology" else 3
        for round_number in range(rounds):
            for title, symptom, advice, topic in worries:
                duration = rng.choice(DURATIONS)
                full_title = title if round_number == 0 else f"{title} ({duration})"
                drafts.append((department, full_title, symptom, duration, advice, topic))
    # Spread the departments over time, so that the latest answers are not all one kind.
    rng.shuffle(drafts)
    qas = []
    for day, (department, title, symptom, duration, advice, topic) in enumerate(drafts, 1):
        nickname = NICKNAMES[(day * 7) % len(NICKNAMES)]
        body = (
            f"{rng.choice(OPENINGS)} {symptom} {duration}. {rng.choice(CONTEXTS)} "
            f"Should I be worried, and what kind of examination do I need?"
        )
        qas.append(
            DemoQA(
                nickname=nickname,
                age_range=rng.choice(Question.AgeRange.values[1:]),
                gender=rng.choice(Question.Gender.values),
                department=department,
                title=title,
                body=body,
                doctor=rng.choice(doctors_by_department[department]),
                reply=f"Hello {nickname}: {advice} {rng.choice(ADVICE)}",
                asked_at=ANCHOR - timedelta(days=day * 3, hours=rng.randint(0, 12)),
                topics=(topic,),
            )
        )
    return qas


def unanswered() -> list[tuple[str | None, str, str, str]]:
    """Questions that are not public: (department or None, status, title, body)."""
    return [
        ("neurology", Question.Status.OPEN, "Headache every afternoon for a month",
         "Hello doctor, I have had a headache every afternoon for a month. Painkillers help "
         "for a few hours. What should I do?"),
        ("cardiology", Question.Status.OPEN, "Chest feels tight when climbing stairs",
         "When I climb stairs I get chest pain and have to stop. It goes away after resting "
         "for a minute."),
        ("neurology", Question.Status.OPEN, "Numb fingers every morning",
         "For three weeks my fingers on the right hand are numb when I wake up. It gets "
         "better after an hour."),
        ("dermatology", Question.Status.OPEN, "Rash on my hands after using a new soap",
         "After I started using a new hand soap I have a red, itchy rash on both hands."),
        (None, Question.Status.TRIAGE, "Tired all the time and losing weight",
         "I feel tired all the time and have lost three kilograms in two months without "
         "trying. I do not know which department to ask."),
        ("family-medicine", Question.Status.WITHDRAWN, "Question about a vaccine schedule",
         "I wanted to ask about the vaccine schedule but found the answer on the CDC site."),
    ]  # fmt: skip
