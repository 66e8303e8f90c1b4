"""The demo data itself: the reference question page, its similar Q&A and related topics,
the written Q&A of a dozen departments in English and Chinese, the departments' and
topics' names in Chinese, and questions that are not public. Which doctor replies to a
written Q&A, and when, come from a fixed seed and a fixed anchor date
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

# The departments' names and descriptions in Traditional Chinese, as hospitals in Taiwan
# name them: data for the models' translated fields (slug: name, description).
DEPARTMENTS_ZH = {
    "neurology": ("神經內科", "腦、脊髓、神經與肌肉的疾病：頭痛、頭暈、麻木、顫抖、癲癇及睡眠中的"
                  "不自主動作。"),
    "neurosurgery": ("神經外科", "腦部、脊椎與周邊神經的手術治療。"),
    "psychiatry": ("身心科", "情緒、焦慮、睡眠與行為：失眠、憂鬱、壓力等問題。"),
    "cardiology": ("心臟內科", "心臟與血管：心悸、胸悶、血壓。"),
    "dermatology": ("皮膚科", "皮膚、毛髮與指甲：疹子、搔癢、青春痘與痣。"),
    "gastroenterology": ("胃腸肝膽科", "胃、腸道、肝臟與胰臟。"),
    "ophthalmology": ("眼科", "眼睛與視力。"),
    "otolaryngology": ("耳鼻喉科", "耳朵、鼻子與喉嚨：聽力、鼻竇、聲音。"),
    "orthopedics": ("骨科", "骨骼、關節、肌肉與運動傷害。"),
    "pediatrics": ("小兒科", "嬰幼兒、兒童與青少年的健康。"),
    "obstetrics-and-gynecology": ("婦產科", "懷孕、月經與女性健康。"),
    "family-medicine": ("家庭醫學科", "日常健康問題、健康檢查，以及不知道該看哪一科時的第一站。"),
}  # fmt: skip

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

# The doctors as patients in Taiwan read them: slug -> (name, title, hospital, biography).
DOCTORS_ZH = {
    "yeh-po-shou": ("葉柏壽", "主治醫師", "新竹醫院", "專長為睡眠相關動作障礙與癲癇。"),
    "jiang-junyi": ("江俊毅", "主治醫師", "桃園醫院", "頭痛、頭暈與周邊神經疾病。"),
    "ding-xianwei": ("丁賢偉", "神經外科主任", "臺中醫院", "脊椎手術與周邊神經手術。"),
    "li-zhengfeng": ("李正峰", "身心科主治醫師", "臺北醫院", "失眠、焦慮與情緒障礙。"),
    "chen-mei-ling": ("陳美玲", "身心科主治醫師", "臺南醫院", "壓力相關問題與青少年心理健康。"),
    "lin-chih-hao": ("林志豪", "主治醫師", "臺北醫院", "心律不整與高血壓。"),
    "wang-shu-fen": ("王淑芬", "主治醫師", "基隆醫院", "濕疹、青春痘與色素疾病。"),
    "huang-kuo-wei": ("黃國偉", "主治醫師", "彰化醫院", "內視鏡檢查與功能性腸胃疾病。"),
    "tsai-ya-ting": ("蔡雅婷", "主治醫師", "嘉義醫院", "乾眼症、屈光與視網膜疾病。"),
    "wu-chien-hung": ("吳建宏", "主治醫師", "宜蘭醫院", "聽力、耳鳴與鼻竇疾病。"),
    "cheng-yu-chun": ("鄭宇君", "主治醫師", "屏東醫院", "運動傷害與膝關節手術。"),
    "hsu-pei-shan": ("許佩珊", "小兒科主治醫師", "花蓮醫院", "兒童感染、生長發育與過敏。"),
    "kao-hui-chen": ("高慧珍", "主治醫師", "臺東醫院", "月經異常與產前照護。"),
    "chang-wen-chieh": ("張文傑", "主治醫師", "苗栗醫院", "預防保健與慢性病追蹤。"),
}

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

# The answered Q&A of each department, as patients wrote them and doctors replied: per
# department, its FAQ topics (name, featured) and its Q&A as (nickname, age range, gender,
# title, question, reply, topics). generated_qas adds which doctor replied, and when.
GENERATED = {
    "neurology": (
        [],  # the reference topics
        [
            (
                "Old Chen", "50~59", "male",
                "My hands shake when I hold a cup of tea",
                "Hello doctor, I am 56 and over the past year my hands have started to shake when "
                "I hold a teacup or sign my name. At rest they are still, and a glass of wine "
                "seems to calm them a little. My father had the same shaking in his sixties. Is "
                "this Parkinson's disease, or something else?",
                "A shake that appears when you hold or use something, eases with a little alcohol "
                "and runs in the family is most typical of essential tremor, not Parkinson's "
                "disease, which usually shakes at rest and comes with slowness and stiffness. Cut "
                "down on coffee and ask your family doctor to check your thyroid. Please see a "
                "neurologist for an examination; if the tremor gets in the way of eating or "
                "writing, there are medicines that help.",
                ("Tremor",),
            ),
            (
                "Wheezy", "20~29", "female",
                "Shaky hands since starting a new asthma inhaler",
                "Hi, I'm 24. Two weeks ago my doctor added a new inhaler for asthma, and since "
                "then my hands tremble when I type or hold my phone. My heart also feels faster "
                "for an hour after each puff. Should I stop using it?",
                "Salbutamol and similar reliever inhalers often cause a fine tremor and a faster "
                "heartbeat for an hour or two after use; it is a known side effect, not nerve "
                "damage. Do not stop your asthma treatment on your own: ask the doctor who "
                "prescribed it whether the dose or the kind of inhaler can be changed. If you need "
                "the reliever more than twice a week, your asthma itself needs reviewing.",
                ("Tremor",),
            ),
            (
                "Grandpa Lee", "70~79", "male",
                "Right hand shakes when it rests on my knee",
                "Hello doctor, I'm 71. My daughter noticed that my right hand shakes when it rests "
                "on my knee while I watch TV, and the shaking stops when I pick something up. My "
                "handwriting has become smaller and I walk more slowly than last year. Is this "
                "Parkinson's?",
                "A tremor at rest in one hand that stops when you use it, together with smaller "
                "handwriting and slower walking, suggests Parkinson's disease, though other causes "
                "are possible. The diagnosis is made by a neurologist's examination, and medicines "
                "can improve the symptoms considerably. Please book a neurology clinic visit and "
                "bring a short phone video of the tremor.",
                ("Tremor", "Body Shaking"),
            ),
            (
                "Kevin", "30~39", "male",
                "Left lower eyelid has twitched for ten days",
                "Dear doctor, I'm 31 and work night shifts as an engineer. For about ten days my "
                "left lower eyelid flickers many times a day, mostly in the afternoon. It doesn't "
                "hurt and my vision is fine. I have cut down from four coffees to two but it keeps "
                "going. Could it be a warning sign of a stroke?",
                "A flicker of one eyelid with normal vision and no other symptoms is almost always "
                "eyelid myokymia, a harmless twitch of the muscle around the eye; it is not a sign "
                "of stroke. Tiredness, irregular sleep from shift work, screen time and caffeine "
                "keep it going, and it usually settles within a few weeks. If the eyelid starts to "
                "close completely, the twitch spreads to the cheek or mouth, or it lasts beyond "
                "two to three months, see a neurologist.",
                ("Eyelid Muscle Twitching",),
            ),
            (
                "Auntie Hsu", "60~69", "female",
                "Both eyes squeeze shut by themselves when I drive",
                "Hello, I am 63. For half a year my eyelids close by themselves several times a "
                "minute, worse in sunlight and when I drive, and I have to hold them open with my "
                "fingers. The clinic gave me drops for dry eye, which didn't help. What is this?",
                "Involuntary closing of both eyes that gets worse in bright light and when driving "
                "suggests blepharospasm, a form of dystonia, rather than dry eye alone. It is "
                "treated effectively with small botulinum toxin injections repeated every few "
                "months, and tinted glasses can help in the meantime. Please see a neurologist, "
                "and avoid driving while your eyes close this often.",
                ("Eyelid Muscle Twitching", "Facial Twitching"),
            ),
            (
                "Mrs. Huang", "40~49", "female",
                "One side of my face twitches from the eye down to the mouth",
                "Hello doctor, I'm 47. The twitching started in my right eye two years ago and now "
                "it pulls the corner of my mouth as well, many times a day. My husband says it "
                "even happens while I sleep. It gets worse when I'm tired or talking with people. "
                "Which tests should I have?",
                "Twitching that starts around one eye, spreads to the mouth on the same side and "
                "continues during sleep is typical of hemifacial spasm, which is often caused by a "
                "small blood vessel pressing on the facial nerve. An MRI of the brain is usually "
                "done to look at the nerve. Botulinum toxin injections control the twitching in "
                "most people, and an operation to move the vessel away is an option for some; "
                "please book a neurology clinic visit.",
                ("Facial Twitching",),
            ),
            (
                "Exam season", "10~19", "male",
                "My cheek twitches while I study for the entrance exam",
                "I'm 17 and preparing for the university entrance exam. For three weeks the muscle "
                "under my right eye and in my cheek jumps a few times a day. My mother worries "
                "it's a tic. Will it go away on its own?",
                "Brief twitches of a cheek muscle at a stressful time are very common and usually "
                "fade once sleep and stress improve. A tic is different: it is a movement you feel "
                "an urge to make and can hold back for a while. Try to keep regular sleep and take "
                "short breaks from studying. If the twitch spreads, becomes constant or you notice "
                "weakness of the face, please see a neurologist.",
                ("Facial Twitching",),
            ),
            (
                "Mama Lin", "60~69", "female",
                "Calf cramps wake me up most nights",
                "Hello doctor, I'm 67. Almost every night I wake with a painful cramp in my left "
                "calf, and the muscle goes hard as a rock. I take a water pill for blood pressure "
                "and walk every morning. Is it a lack of calcium, and should I take supplements?",
                "Night cramps in older adults are common and are often made worse by diuretics "
                "(water pills), which can lower potassium and magnesium. Ask your doctor to check "
                "your blood salts and whether the blood pressure medicine could be changed. Gently "
                "stretching the calf before bed helps many people, while calcium supplements "
                "rarely do. If the leg is swollen, red or painful between cramps, see a doctor "
                "soon to rule out a blood clot.",
                ("Muscle Cramp",),
            ),
            (
                "Runner Jay", "30~39", "male",
                "Thigh cramps in the last part of long runs",
                "Hi, I'm 35 and training for my first marathon. In the last 5 km of my long runs "
                "my thighs cramp so badly that I have to stop and walk. I already drink water at "
                "every station. Do I need salt tablets, or is something wrong with my muscles?",
                "Cramps late in long runs mostly come from muscle fatigue rather than a lack of "
                "water, so the main fix is training: lengthen your long runs gradually and add "
                "strength work for the thighs. A sports drink with some salt on hot days helps "
                "some runners, but drinking large amounts of plain water does not protect you and "
                "can be dangerous. If you pass dark, cola-coloured urine or have severe muscle "
                "pain after a race, go to an emergency department, as that can mean muscle "
                "breakdown.",
                ("Muscle Cramp",),
            ),
            (
                "Worried Tom", "20~29", "male",
                "Muscles twitching all over after reading about ALS",
                "Hello, I am 28. For a month I have had small twitches in my calves and thighs and "
                "sometimes my arms, like something crawling under the skin. I read online that "
                "this can be ALS, and now I check my muscles all day. My grip and walking feel "
                "normal. How can I know it's not ALS?",
                "Widespread twitches without weakness, muscle wasting or difficulty swallowing are "
                "almost always benign fasciculations, which are common in young adults and get "
                "worse with anxiety, caffeine and exercise. In ALS, twitching comes together with "
                "weakness that you can see and that progresses, not twitching alone. A neurologist "
                "can examine your strength and reflexes and, if needed, an EMG can reassure you; "
                "checking your muscles again and again tends to keep both the worry and the "
                "twitches going.",
                ("Muscle Fasciculation",),
            ),
            (
                "Mr. Tsai", "50~59", "male",
                "Twitching in my shoulder and my hand feels weaker",
                "Dear doctor, I'm 58. For four months the muscles in my right shoulder have "
                "twitched constantly, and lately I struggle to turn a key or do up buttons. My "
                "wife says the muscle between my thumb and index finger looks thinner. There is no "
                "pain at all.",
                "Twitching together with weakness and a thinning muscle in the hand needs a prompt "
                "examination. It can come from a pinched nerve in the neck, but diseases of the "
                "motor nerves must be ruled out too. Please see a neurologist within the next few "
                "weeks for an examination, nerve conduction studies and an EMG, and possibly an "
                "MRI of the neck. If you develop difficulty swallowing or breathing, go to an "
                "emergency department.",
                ("Muscle Fasciculation",),
            ),
            (
                "Sweet tooth", "50~59", "female",
                "Burning, numb feet at night with diabetes",
                "Hello doctor, I'm 54 and have had type 2 diabetes for nine years. Over the past "
                "months both feet feel numb and burn at night, as if I were wearing tight socks. "
                "My last HbA1c was 8.4. Is this caused by the diabetes?",
                "Burning and numbness in both feet that start at the toes are typical of diabetic "
                "neuropathy, especially when blood sugar has been high for years. Better sugar "
                "control slows it down, and there are medicines for the burning pain; your doctor "
                "should also check vitamin B12, particularly if you take metformin. Look at your "
                "feet every day for cuts or blisters you may not feel, and see a doctor at once "
                "for a wound that doesn't heal or turns red.",
                ("Leg Numbness",),
            ),
            (
                "Big Wang", "40~49", "male",
                "A patch on my outer thigh went numb",
                "Hi, I'm 42. For two months a patch on the outside of my left thigh has felt numb "
                "and tingly, like it isn't my own skin. I gained about 8 kg this year and wear a "
                "heavy tool belt at work. Walking is normal and my back doesn't hurt.",
                "Numbness on the outer thigh with normal strength is typical of meralgia "
                "paresthetica, a harmless compression of a skin nerve near the hip that weight "
                "gain and tight belts or trousers can cause. Looser clothing and losing some "
                "weight usually help over a few months. If you develop back pain, weakness of the "
                "leg or trouble controlling your bladder, see a doctor promptly.",
                ("Leg Numbness",),
            ),
            (
                "Uncle Bao", "70~79", "male",
                "Numb feet and unsteady in the dark",
                "Hello, I'm 74 and have been vegetarian for twenty years. For half a year my feet "
                "have been numb up to the ankles, and I feel unsteady walking to the bathroom at "
                "night. I also tire easily. Could this just be my age?",
                "Numb feet with unsteadiness in the dark is not simply age. In a long-term "
                "vegetarian, vitamin B12 deficiency is one of the first things to check, because "
                "it affects the nerves and the spinal cord and is treatable. Please ask for blood "
                "tests, including B12 and a blood count, and see a neurologist. Until the cause is "
                "found, keep a night light on to avoid falls.",
                ("Leg Numbness",),
            ),
            (
                "Jessie", "20~29", "female",
                "Heart races and I feel faint every time I stand up",
                "Hello doctor, I'm 22. Since a bad flu in the spring, my heart races to 130 "
                "whenever I stand up, and I feel faint and foggy. Lying down makes it better. My "
                "ECG at the clinic was normal. What could cause this?",
                "A large rise in heart rate on standing, with faintness that improves lying down "
                "and that began after a viral illness, may be postural orthostatic tachycardia "
                "syndrome (POTS), a form of autonomic nervous system dysfunction. A stand-up test "
                "or a tilt-table test can confirm it. Drinking 2 to 3 litres of water a day, more "
                "salt if your doctor agrees, compression stockings and gradually increasing "
                "exercise help many people. If you faint and hurt yourself or have chest pain, "
                "seek care promptly.",
                ("Autonomic Nervous System Dysfunction",),
            ),
            (
                "Mr. Kuo", "60~69", "male",
                "Nearly black out getting out of bed with Parkinson's",
                "Dear doctor, I'm 66 and have had Parkinson's disease for five years. Lately I "
                "nearly black out when I get out of bed, and my home blood pressure falls from 135 "
                "lying down to 95 standing. I also sweat much less than before and am constipated. "
                "Is this related?",
                "A fall in blood pressure on standing, together with less sweating and "
                "constipation, points to the autonomic nervous system, which Parkinson's disease "
                "often affects; some Parkinson medicines add to the drop. Get up slowly in stages, "
                "drink enough water and raise the head of your bed slightly. Bring your lying and "
                "standing readings to your neurologist so that your medicines can be reviewed. If "
                "you fall or hit your head, seek medical care the same day.",
                ("Autonomic Nervous System Dysfunction",),
            ),
            (
                "Cold hands", "30~39", "female",
                "Told I have an autonomic imbalance: is it a real diagnosis?",
                "Hello, I'm 38. For a year I've had palpitations, cold hands, a tight chest and "
                "poor sleep. A clinic said it's an autonomic nervous system imbalance and gave me "
                "vitamins. My heart tests were normal. Is this a real illness, and how is it "
                "treated?",
                "In Taiwan, autonomic imbalance is often used for the bodily symptoms of stress "
                "and anxiety, such as palpitations, cold hands and poor sleep, once tests have "
                "shown the heart to be normal. Those symptoms are real, and they respond to "
                "regular exercise, steady sleep times and, if needed, treatment for anxiety from a "
                "psychiatrist. It is worth checking your thyroid function and a blood count if "
                "that hasn't been done. If you get chest pain on exertion or faint, please have "
                "your heart checked again.",
                ("Autonomic Nervous System Dysfunction",),
            ),
            (
                "Amy", "40~49", "female",
                "My whole body trembles when I skip lunch",
                "Hello, I'm 45. If I skip lunch, by three o'clock my whole body trembles, I sweat "
                "and feel weak, and it passes after I eat something sweet. This happens a few "
                "times a week. As far as I know I'm not diabetic.",
                "Trembling, sweating and weakness that go away after eating suggest that your "
                "blood sugar may be dropping, or that your body reacts strongly to a long fast. "
                "Eat regular meals that include some protein, and if you can, measure your blood "
                "sugar with a meter during an episode. Please see your family doctor or an "
                "endocrinologist for blood tests; if you ever become confused or pass out, someone "
                "should call an ambulance.",
                ("Body Shaking",),
            ),
            (
                "Shy Ivy", "10~19", "female",
                "My legs and voice shake when I present in class",
                "I'm 16. Whenever I have to speak in front of the class, my legs and voice shake "
                "so much that my classmates notice. My hands get cold and I feel sick. At home I'm "
                "completely fine. Is something wrong with my nerves?",
                "Shaking legs, a trembling voice and cold hands only when speaking in public are "
                "the body's normal adrenaline response, and your nerves are healthy. Practising "
                "the talk aloud several times, breathing slowly before you start and standing with "
                "your weight on both feet help. If the fear makes you avoid school or affects your "
                "daily life, a school counsellor or a psychiatrist can help a lot with social "
                "anxiety.",
                ("Body Shaking",),
            ),
        ],
    ),
    "neurosurgery": (
        [("Herniated Disc", True), ("Head Injury", True), ("Carpal Tunnel", False)],
        [
            (
                "Warehouse Hao", "40~49", "male",
                "Pain shoots from my lower back to my little toe",
                "Hello doctor, I'm 41 and lift boxes in a warehouse. Three weeks ago I felt "
                "something give in my back, and now pain shoots down the back of my right leg to "
                "the little toe, worse when I cough. Painkillers help a bit. Do I need surgery?",
                "Pain running down the back of the leg to the little toe and worse with coughing "
                "suggests a herniated disc pressing on the S1 nerve root. Most people improve "
                "within six to twelve weeks with pain relief, staying gently active and "
                "physiotherapy, so surgery is not the first step. Go to an emergency department at "
                "once if you get numbness around the genitals or buttocks, trouble passing urine "
                "or a weak, dropping foot.",
                ("Herniated Disc",),
            ),
            (
                "Teacher Fang", "60~69", "female",
                "Slipped disc on the MRI: surgery or injections?",
                "Dear doctor, I'm 62. My MRI shows an L4-5 disc herniation, and my left thigh has "
                "hurt for four months despite physiotherapy and medicine. One doctor suggests an "
                "injection and another suggests surgery. How do I choose?",
                "After four months of pain despite good conservative treatment, both an epidural "
                "steroid injection and surgery are reasonable. An injection relieves pain for some "
                "months in many patients, while a microdiscectomy gives faster and more lasting "
                "relief of leg pain when the MRI matches the symptoms. The choice depends on how "
                "much the pain limits you and whether there is weakness, which would favour "
                "surgery. Bring the MRI to a spine surgeon to talk it through.",
                ("Herniated Disc",),
            ),
            (
                "Clumsy cook", "30~39", "female",
                "Hit my head on a cabinet and still have a headache",
                "Hello, I'm 36. Yesterday I stood up under an open kitchen cabinet and hit the top "
                "of my head hard. I didn't pass out, but I still have a dull headache and feel a "
                "bit foggy today. I take aspirin for my heart. Do I need a scan?",
                "A mild headache and fogginess the day after a knock on the head are common with a "
                "concussion, but aspirin raises the risk of bleeding, so it is safer to be "
                "examined today, and a CT scan may be advised. Go to an emergency department "
                "immediately if the headache gets worse, you vomit repeatedly, become drowsy or "
                "confused, or notice weakness or slurred speech. Rest from screens and strenuous "
                "activity for a day or two.",
                ("Head Injury",),
            ),
            (
                "His daughter", "80+", "male",
                "Father confused a month after a fall",
                "Hello doctor, I am writing for my father, who is 82 and takes a blood thinner. He "
                "fell in the bathroom five weeks ago and seemed fine, but this week he is "
                "confused, complains of headaches and drags his left leg. Could it be related to "
                "the fall?",
                "In an older person on a blood thinner, new confusion, headache and weakness on "
                "one side weeks after a fall is typical of a chronic subdural haematoma, a slow "
                "bleed around the brain. He needs a brain CT scan today: please take him to an "
                "emergency department now rather than waiting for a clinic appointment. This "
                "condition is often treated successfully with a small operation to drain the "
                "blood.",
                ("Head Injury",),
            ),
            (
                "Seamstress", "50~59", "female",
                "Numb thumb and fingers wake me at night",
                "Hello, I'm 52 and sew for a living. For three months my right thumb, index and "
                "middle fingers have gone numb at night, and I shake my hand to get the feeling "
                "back. Lately I keep dropping buttons. Will a wrist splint be enough?",
                "Night numbness of the thumb, index and middle fingers that eases when you shake "
                "the hand is typical of carpal tunnel syndrome. A night splint that keeps the "
                "wrist straight helps many people, and a steroid injection is another option; a "
                "nerve conduction study shows how badly the nerve is squeezed. Dropping small "
                "objects or a thinning muscle at the base of the thumb means the nerve is "
                "suffering, and a short release operation should be considered soon.",
                ("Carpal Tunnel",),
            ),
            (
                "Bump on the way", "30~39", "female",
                "Tingling hands in the third trimester",
                "Dear doctor, I'm 33 and 32 weeks pregnant. Both hands tingle and feel stiff in "
                "the morning, especially the first three fingers. Is it safe to do anything about "
                "it now?",
                "Carpal tunnel symptoms are common late in pregnancy because fluid builds up "
                "around the wrist, and in most women they fade within weeks to months after "
                "delivery. Wrist splints at night are safe and often help. If the numbness becomes "
                "constant or your grip weakens, see a doctor, and mention it at your antenatal "
                "visits.",
                ("Carpal Tunnel",),
            ),
        ],
    ),
    "psychiatry": (
        [("Insomnia", True), ("Anxiety", True), ("Depression", False)],
        [
            (
                "New manager", "40~49", "male",
                "Can't switch off at bedtime since my promotion",
                "Hello doctor, I'm 44. Since I became a manager half a year ago, I go to bed at "
                "11:30 but lie awake going over work until 2 or later. I started having a beer to "
                "get sleepy. Is that a bad idea? Should I ask for sleeping pills?",
                "Alcohol helps you fall asleep but breaks up sleep in the second half of the "
                "night, so over time it makes insomnia worse. The most effective long-term "
                "treatment is cognitive behavioural therapy for insomnia: a fixed wake-up time, "
                "getting out of bed if you have been awake for about 20 minutes, and writing down "
                "tomorrow's tasks earlier in the evening. Sleeping pills may be used briefly, but "
                "please discuss them with a psychiatrist or a sleep clinic rather than mixing them "
                "with alcohol.",
                ("Insomnia",),
            ),
            (
                "Grandma Su", "70~79", "female",
                "Sleeping pills no longer work after five years",
                "Hello, I'm 72. I have taken zolpidem every night for five years. Now it only "
                "gives me three or four hours, and my doctor doesn't want to raise the dose. What "
                "else can I do?",
                "After years of nightly use, sleeping pills often lose much of their effect, and "
                "in older adults they raise the risk of falls and memory problems, so your doctor "
                "is right not to increase the dose. A slow, supervised reduction combined with "
                "insomnia therapy (CBT-I) usually leads to better sleep than the pill gave. Please "
                "do not stop suddenly, as that can cause rebound insomnia; ask a psychiatrist or a "
                "sleep clinic to plan a gradual taper.",
                ("Insomnia",),
            ),
            (
                "Ting", "20~29", "female",
                "Sudden attacks where I'm sure I'm dying",
                "Hello doctor, I'm 26. Three times this month, out of nowhere, my heart pounded, I "
                "couldn't breathe, my hands went numb and I was certain I was having a heart "
                "attack. The emergency room found nothing. Now I'm afraid to take the MRT alone.",
                "Sudden surges of fear with a pounding heart, breathlessness and numb hands that "
                "peak within minutes, with normal heart tests, are typical of panic attacks; they "
                "are frightening but not dangerous. Avoiding places like the MRT tends to make the "
                "fear grow, so treatment focuses on cognitive behavioural therapy and sometimes a "
                "medicine such as an SSRI. Please see a psychiatrist soon, and if an attack ever "
                "comes with a different kind of chest pain or you faint, seek emergency care.",
                ("Anxiety",),
            ),
            (
                "Dad of three", "30~39", "male",
                "I worry about everything all day long",
                "Hi, I'm 39. For more than a year I have worried constantly about my kids, money "
                "and health, even when things are fine. My shoulders are always tight, I'm "
                "irritable and I sleep badly. My wife says I should just relax, but I can't. Is "
                "this an illness?",
                "Constant worry about many things for more than six months, with muscle tension, "
                "irritability and poor sleep, fits generalised anxiety disorder, which is common "
                "and treatable. Psychological therapy and, when needed, medicine work well, and "
                "regular exercise and less caffeine help too. Please book an appointment with a "
                "psychiatrist or a psychologist: this is not a matter of willpower.",
                ("Anxiety", "Insomnia"),
            ),
            (
                "Lost", "50~59", "female",
                "No joy in anything since my mother died",
                "Dear doctor, I'm 55. My mother died eight months ago. Since then I have lost "
                "interest in my hobbies, I wake at dawn, I've lost 5 kg and I feel like a burden "
                "on my family. My friends say grief takes time. How do I know if it is more than "
                "grief?",
                "Grief usually comes in waves and eases over months, while constant loss of "
                "interest, early waking, weight loss and feeling like a burden for many months "
                "point to depression, which can follow a loss and responds well to treatment. "
                "Please see a psychiatrist soon to talk about therapy and possibly medicine. If "
                "you have thoughts of ending your life, go to an emergency department or call the "
                "1925 suicide prevention line now.",
                ("Depression",),
            ),
            (
                "Worried mum", "10~19", "male",
                "Teenage son stopped going out and sleeps all day",
                "Hello, I'm writing about my son, who is 15. Over three months he has stopped "
                "seeing friends, sleeps until the afternoon, snaps at us, and his grades have "
                "dropped sharply. He says he's just tired. Should we wait for it to pass?",
                "A lasting change like this in a teenager, with withdrawal, changed sleep, "
                "irritability and falling grades, can be a sign of depression, which in young "
                "people often shows as irritability rather than sadness. Please don't wait: "
                "arrange a visit to a child and adolescent psychiatrist, and talk with him calmly "
                "about how he feels. If he speaks of death or self-harm, take it seriously and "
                "seek help the same day.",
                ("Depression",),
            ),
        ],
    ),
    "cardiology": (
        [("Palpitations", True), ("High Blood Pressure", True)],
        [
            (
                "Bubble tea fan", "30~39", "female",
                "Heart thumps and pauses when I lie down at night",
                "Hello doctor, I'm 34. Most evenings when I lie on my left side I feel a thump and "
                "then a pause, several times an hour. I drink a lot of bubble tea and coffee at "
                "work. I've never fainted. Is my heart in danger?",
                "A thump followed by a pause is usually a premature beat, which most healthy "
                "hearts have and which is often more noticeable lying on the left side and after "
                "caffeine. An ECG and, if needed, a 24-hour Holter recording can confirm this. "
                "Cutting down on caffeine and sugary drinks often helps. See a doctor promptly if "
                "the palpitations come with chest pain, breathlessness or fainting.",
                ("Palpitations",),
            ),
            (
                "Hoop dreams", "10~19", "male",
                "Heart suddenly races and then stops like a switch",
                "Hello, I'm 17 and play basketball. A few times a year my heart suddenly races "
                "very fast (I counted over 200), and after about ten minutes it stops all at once. "
                "Holding my breath sometimes helps. Is it safe to keep playing?",
                "A racing heart that starts and stops suddenly like a switch, sometimes ended by "
                "holding your breath, is typical of supraventricular tachycardia, an extra "
                "electrical pathway in the heart that is rarely dangerous and can often be cured "
                "with catheter ablation. Please see a cardiologist for an ECG and possibly an "
                "event recorder, and try to record an ECG during an episode. Stop playing and seek "
                "urgent care if an episode comes with fainting or chest pain, or lasts more than "
                "30 minutes.",
                ("Palpitations",),
            ),
            (
                "Retired Liu", "60~69", "male",
                "My pulse is completely irregular",
                "Dear doctor, I'm 68. My home blood pressure monitor keeps showing the irregular "
                "heartbeat symbol, and when I feel my pulse it is all over the place. I get a "
                "little more breathless climbing stairs than before. Should I worry?",
                "A completely irregular pulse at your age may be atrial fibrillation, which raises "
                "the risk of stroke and often needs blood-thinning treatment. Please have an ECG "
                "in the next few days, at a cardiology clinic or with your family doctor. Go to an "
                "emergency department at once if you develop chest pain, severe breathlessness or "
                "fainting, or sudden weakness of the face or a limb, or difficulty speaking.",
                ("Palpitations",),
            ),
            (
                "Taxi driver", "40~49", "male",
                "Blood pressure about 150/95 at home",
                "Hello, I'm 46, drive a taxi and am overweight. At a health check my blood "
                "pressure was 152/96, and my readings at home are similar most mornings. I feel "
                "fine. Can I lower it without medicine?",
                "Home readings repeatedly above 135/85 count as high blood pressure, even without "
                "symptoms. Losing weight, eating less salt (soups, sauces and instant noodles are "
                "big sources), drinking less alcohol and walking briskly for 30 minutes most days "
                "can lower it noticeably. Measure twice every morning and evening for a week and "
                "bring the record to a clinic; if it stays above 140/90 despite these changes, "
                "medicine is usually advised. A severe headache, chest pain or blurred vision with "
                "very high readings needs emergency care.",
                ("High Blood Pressure",),
            ),
            (
                "Slim Sandy", "20~29", "female",
                "Blood pressure of 160/100 at 27, why so many tests?",
                "Hi, I'm 27 and slim. A clinic measured my blood pressure at 160/100 twice, and I "
                "sometimes get headaches and leg cramps. The doctor wants blood tests and a kidney "
                "ultrasound before treatment. Why so many tests at my age?",
                "Marked high blood pressure in a young, slim person is less likely to be the usual "
                "kind and more often has a cause, such as a kidney or adrenal problem; too much "
                "aldosterone, for example, can also lower potassium and cause cramps. Finding and "
                "treating the cause may cure the blood pressure, so these tests are worthwhile. "
                "Until then, follow your doctor's treatment, and seek urgent care for a severe "
                "headache, chest pain or changes in vision.",
                ("High Blood Pressure",),
            ),
            (
                "Swollen ankles", "50~59", "female",
                "Blood pressure pill makes my ankles swell",
                "Dear doctor, I'm 57. I started amlodipine two months ago and my blood pressure is "
                "now 128/80, but both ankles are puffy by evening. Can I stop the pill?",
                "Ankle swelling is a common side effect of amlodipine and does not harm the heart, "
                "but please don't stop it on your own, as your blood pressure will rise again. "
                "Your doctor can lower the dose, add another medicine or switch to a different "
                "kind. If the swelling comes with breathlessness, especially lying flat, or is in "
                "one leg only and painful, see a doctor promptly.",
                ("High Blood Pressure",),
            ),
        ],
    ),
    "dermatology": (
        [("Eczema", True), ("Acne", True), ("Moles", False)],
        [
            (
                "Kitchen Kate", "30~39", "female",
                "Cracked, itchy hands since I started working in a kitchen",
                "Hello doctor, I'm 30 and work in a restaurant kitchen. For two months my fingers "
                "have been dry, cracked and itchy with tiny blisters, and they sting when I use "
                "soap. Hand cream helps for an hour at most. Is this an allergy?",
                "Dry, cracked, itchy hands with small blisters in someone who washes often are "
                "typical of hand eczema, most often from irritation by water and detergents and "
                "sometimes from an allergy to gloves or foods. Wear cotton gloves under rubber "
                "gloves, use a mild soap-free cleanser and apply a thick ointment after every "
                "wash. A dermatologist can prescribe a short course of steroid ointment and "
                "arrange patch testing if it doesn't improve.",
                ("Eczema",),
            ),
            (
                "Winter shins", "60~69", "male",
                "My shins itch and crack every winter",
                "Hi, I'm 65. Every winter the skin on my shins gets very itchy and looks like "
                "cracked porcelain, and I scratch it at night until it bleeds. I shower with hot "
                "water twice a day because it feels good. What can I do?",
                "Cracked, itchy shins in winter are typical of asteatotic eczema, which comes from "
                "very dry skin, and long hot showers make it worse. Shower once a day in lukewarm "
                "water with little soap, and apply a thick moisturiser to damp skin right "
                "afterwards. A dermatologist may prescribe a steroid ointment for a week or two; "
                "see one sooner if the skin oozes, becomes hot and red, or the itch spreads over "
                "your whole body.",
                ("Eczema",),
            ),
            (
                "Yi-Chen", "20~29", "female",
                "Deep pimples on my jaw before every period",
                "Hello, I'm 25. Deep, painful pimples appear on my jaw and chin every month before "
                "my period and leave dark marks. I've tried cleansers from the pharmacy for a "
                "year. Should I see a dermatologist or a gynaecologist?",
                "Deep pimples on the jaw that flare before periods are common hormonal acne in "
                "adult women. A dermatologist can offer treatments that work better than "
                "cleansers, such as topical retinoids, and some women benefit from certain "
                "contraceptive pills or spironolactone. If your periods are also irregular or you "
                "notice extra hair growth, a gynaecologist should check for polycystic ovaries. "
                "Avoid squeezing the spots, which darkens the marks.",
                ("Acne",),
            ),
            (
                "Spotty at 15", "10~19", "male",
                "Pimples all over my face and back at 15",
                "I'm 15. For a year I've had lots of pimples on my forehead, cheeks and back, and "
                "some are big and sore. The face wash my mother bought dries out my skin. Will it "
                "go away by itself? Kids at school make jokes about it.",
                "Acne like yours, with sore lumps on the face and back, is treatable, and it is "
                "worth not waiting for it to pass, because deep spots can leave scars. A "
                "dermatologist can prescribe creams such as benzoyl peroxide or a retinoid and, if "
                "needed, antibiotic tablets for a few months; a gentle cleanser and a moisturiser "
                "are better than a harsh face wash. If the teasing is getting you down, tell your "
                "parents or a teacher.",
                ("Acne",),
            ),
            (
                "Many moles", "40~49", "female",
                "A mole on my back has grown and changed colour",
                "Dear doctor, I'm 43. My husband noticed that a mole on my upper back is bigger "
                "than last year, about 7 mm now, with an uneven edge and two shades of brown. It "
                "sometimes itches. I have a lot of moles. Is this one dangerous?",
                "A mole that is growing, has an irregular edge or several colours, or itches "
                "should be examined by a dermatologist soon, as these can be early signs of "
                "melanoma. The doctor will look at it with a dermatoscope and may remove it for "
                "testing, a short procedure under local anaesthetic. Please make an appointment "
                "within the next couple of weeks rather than waiting.",
                ("Moles",),
            ),
            (
                "Eric", "30~39", "male",
                "Is it safe to laser off a mole on my cheek at a salon?",
                "Hi, I'm 32. I've had a flat brown mole on my cheek since childhood and it hasn't "
                "changed. I want it gone for cosmetic reasons, and a beauty salon offers laser "
                "removal. Is that safe?",
                "A mole that has looked the same since childhood is very likely harmless, but "
                "removing it by laser at a salon is not advised, because the tissue is destroyed "
                "without being examined and a rare melanoma could be missed. A dermatologist can "
                "check it first and, if you still want it removed, cut or shave it off and send it "
                "to the laboratory. Any mole that changes, bleeds or looks different from your "
                "others should be checked whether or not you remove it.",
                ("Moles",),
            ),
        ],
    ),
    "gastroenterology": (
        [("Acid Reflux", True), ("Irritable Bowel", True)],
        [
            (
                "Late dinner", "30~39", "male",
                "Burning in my chest after meals",
                "Hello doctor, I'm 38 and often eat dinner at ten after work. About an hour later "
                "I get a burning feeling behind my breastbone and a sour taste, worse when I go "
                "straight to bed. Antacids from the pharmacy help for a while. Is this a heart "
                "problem?",
                "Burning behind the breastbone with a sour taste after late meals, relieved by "
                "antacids, is typical of acid reflux rather than the heart. Eat dinner at least "
                "three hours before bed and make it smaller, raise the head of the bed and cut "
                "down on coffee, alcohol and fried food; a short course of an acid-reducing "
                "medicine may help. See a doctor if it continues beyond a few weeks, and go to an "
                "emergency department at once if chest pain comes with exertion, sweating or "
                "breathlessness.",
                ("Acid Reflux",),
            ),
            (
                "Hoarse singer", "50~59", "female",
                "Hoarse voice every morning, and the ENT says reflux",
                "Dear doctor, I'm 51. For four months my voice has been hoarse and I've had a dry "
                "cough in the mornings, and I keep clearing my throat. The ENT doctor saw redness "
                "near my vocal cords and said it might be reflux, though I rarely get heartburn. "
                "How long will medicine take?",
                "Reflux can reach the throat and cause hoarseness and cough without much "
                "heartburn; this is called laryngopharyngeal reflux. An acid-reducing medicine "
                "usually needs two to three months before the voice improves, together with not "
                "eating late and avoiding coffee, alcohol and smoking. If you have trouble "
                "swallowing, lose weight or cough up blood, or the voice is no better after "
                "treatment, further examination such as an endoscopy is needed.",
                ("Acid Reflux",),
            ),
            (
                "Mr. Yang", "60~69", "male",
                "Food sticks in my chest and I've lost weight",
                "Hello, I'm 64 and have had heartburn on and off for many years. In the last two "
                "months solid food like rice and meat sticks behind my breastbone, and I've lost 4 "
                "kg. Now I eat mostly porridge.",
                "Difficulty swallowing solid food and unplanned weight loss after years of reflux "
                "are warning signs that need an endoscopy soon, to look for a narrowing or a "
                "tumour of the oesophagus. Please see a gastroenterologist within the next week or "
                "two and describe these symptoms clearly. If food gets completely stuck and you "
                "cannot swallow your saliva, or you vomit blood or pass black stools, go to an "
                "emergency department.",
                ("Acid Reflux",),
            ),
            (
                "Office Nina", "20~29", "female",
                "Cramps and a dash to the toilet before every meeting",
                "Hi, I'm 29. For over a year I've had bloating and cramping, and on stressful days "
                "I rush to the toilet several times in the morning. At weekends it's much better. "
                "My blood tests were normal. What can help?",
                "Cramping, bloating and diarrhoea that follow stress, for more than a year, with "
                "normal tests and no warning signs, fit irritable bowel syndrome. Many people "
                "improve with regular meals, a trial of a low-FODMAP diet with a dietitian, "
                "soluble fibre and stress management, and medicines for cramps or diarrhoea can be "
                "used on bad days. Blood in the stool, waking at night to open your bowels, weight "
                "loss or a family history of bowel cancer would need further tests.",
                ("Irritable Bowel",),
            ),
            (
                "Up and down", "40~49", "female",
                "Constipation one week, loose stools the next",
                "Dear doctor, I'm 41. For years I have had a few days of constipation with a "
                "swollen belly, then loose stools, and the pain eases after I go. My colonoscopy "
                "last year was normal. I've tried probiotics without much change.",
                "Belly pain that eases after a bowel movement, with alternating constipation and "
                "loose stools and a normal colonoscopy, is typical of the mixed type of irritable "
                "bowel syndrome. Steady meal times, enough water, soluble fibre such as psyllium, "
                "regular exercise and avoiding the foods that trigger you often help, and some "
                "low-dose medicines calm the gut's sensitivity. See your doctor again if the "
                "pattern changes suddenly or you notice blood or weight loss.",
                ("Irritable Bowel",),
            ),
            (
                "Latte lover", "30~39", "male",
                "Gas and diarrhoea every time I drink milk tea",
                "Hello, I'm 31. Whenever I drink milk tea or a latte, within an hour I get gas, "
                "cramps and diarrhoea, but black coffee is fine. Is this irritable bowel?",
                "Symptoms that come only after milk drinks are more likely to be lactose "
                "intolerance than irritable bowel syndrome; many adults in Taiwan digest lactose "
                "poorly. Try avoiding milk for two weeks, using lactose-free milk or soy milk "
                "instead, and see whether the symptoms go away. If they continue without milk, or "
                "you notice blood, weight loss or diarrhoea at night, see a gastroenterologist.",
                ("Irritable Bowel",),
            ),
        ],
    ),
    "ophthalmology": (
        [("Dry Eye", True), ("Floaters", True)],
        [
            (
                "Accountant Wu", "40~49", "female",
                "Eyes burn and water by late afternoon at the computer",
                "Hello doctor, I'm 42 and an accountant. By late afternoon my eyes burn and feel "
                "sandy, and sometimes they water a lot. Artificial tears help for half an hour. "
                "The office air conditioner blows right at my desk.",
                "Burning, sandy eyes that water late in the day are typical of dry eye; the "
                "watering is the eye's reflex response to the dryness. Every 20 minutes, look at "
                "something far away for 20 seconds and blink fully, turn the air flow away from "
                "your face and use preservative-free tears more often. Warm compresses on the "
                "eyelids help if the oil glands are blocked. See an eye doctor if your eye becomes "
                "painful or red or your vision drops.",
                ("Dry Eye",),
            ),
            (
                "Dry everywhere", "50~59", "female",
                "Dry eyes and a dry mouth at the same time",
                "Dear doctor, I'm 56. For a year my eyes have felt dry, and I can't eat crackers "
                "without water because my mouth is so dry. My joints ache too. Eye drops barely "
                "help.",
                "Dry eyes together with a dry mouth and joint pain can be a sign of Sjögren's "
                "syndrome, an autoimmune condition. Please see an eye doctor to measure your tear "
                "production and a rheumatologist for blood tests. In the meantime, "
                "preservative-free lubricating drops, a gel at night and regular dental check-ups "
                "are important.",
                ("Dry Eye",),
            ),
            (
                "After LASIK", "30~39", "male",
                "Dry, tired eyes four months after LASIK",
                "Hi, I'm 30. I had LASIK four months ago and my vision is great, but my eyes feel "
                "dry and tired, and things blur on and off at the end of the day. Will this go "
                "away?",
                "Dry eye is common after LASIK because nerves in the cornea are cut, and in most "
                "people it improves over six to twelve months as they heal. Use preservative-free "
                "lubricating drops regularly, not only when the eyes feel dry, and take screen "
                "breaks. Go back to your eye surgeon if it isn't improving, as prescription drops "
                "and tear duct plugs can help.",
                ("Dry Eye",),
            ),
            (
                "Rosy cheeks", "40~49", "male",
                "Red, crusty eyelids every morning",
                "Hello, I'm 48. My eyelid edges are red and there are crusts on my lashes every "
                "morning, and my eyes burn all day. I also have rosacea on my cheeks. Is this an "
                "infection?",
                "Red, crusty eyelid edges with burning eyes in someone with rosacea are usually "
                "blepharitis with blocked oil glands, which leads to a kind of dry eye; it is a "
                "long-lasting condition rather than an infection. Warm compresses for five minutes "
                "and gentle lid cleaning once or twice a day help most people. See an eye doctor "
                "if it doesn't improve within a few weeks, if the eye becomes painful or sensitive "
                "to light, or if your vision blurs.",
                ("Dry Eye",),
            ),
            (
                "Short-sighted Sam", "20~29", "male",
                "Transparent threads drift across my vision",
                "Hello, I'm 23 and quite short-sighted (-7.00). I see small transparent threads "
                "and dots that drift when I look at a white wall or the sky. They have been there "
                "for years and don't change. Are they dangerous?",
                "Transparent threads and dots that drift and have stayed the same for years are "
                "common vitreous floaters, especially in short-sighted eyes, and are harmless. "
                "Because high myopia raises the risk of retinal tears, have a dilated retina "
                "examination every year or two. Go to an eye emergency service the same day if you "
                "suddenly see many new floaters, flashes of light or a curtain over part of your "
                "vision.",
                ("Floaters",),
            ),
            (
                "Mrs. Chiu", "60~69", "female",
                "A sudden shower of black spots and flashes in one eye",
                "Dear doctor, I'm 61. This morning I suddenly saw a cobweb and many black dots in "
                "my left eye, and flashes of light at the edge when I move my eyes in the dark. "
                "Otherwise my vision seems normal. Can I wait for my appointment next month?",
                "A sudden shower of new floaters with flashes is usually caused by the gel of the "
                "eye pulling away from the retina, but sometimes it tears the retina, which needs "
                "treatment quickly. Please do not wait a month: see an eye doctor today for a "
                "dilated examination. If a shadow or curtain spreads across your vision, go to an "
                "emergency department immediately.",
                ("Floaters",),
            ),
        ],
    ),
    "otolaryngology": (
        [("Tinnitus", True), ("Sinusitis", True)],
        [
            (
                "Hsin", "40~49", "male",
                "High-pitched ringing in my right ear only",
                "Hello doctor, I'm 49. For two months I have heard a high-pitched ringing only in "
                "my right ear, loudest at night. I think my hearing on that side is a little worse "
                "on the phone. There is no pain or discharge.",
                "Ringing in one ear with a sense of hearing loss on the same side deserves a "
                "hearing test and an ear examination, because one-sided symptoms sometimes have a "
                "specific cause, such as a benign tumour on the hearing nerve, which an MRI can "
                "show. Please book an ENT clinic visit soon. If you ever lose hearing suddenly in "
                "one ear, see an ENT doctor within a day or two, as early steroid treatment works "
                "best.",
                ("Tinnitus",),
            ),
            (
                "Swimmer Grace", "20~29", "female",
                "Woke up with muffled hearing and buzzing in one ear",
                "Hi, I'm 28. Yesterday morning I woke up with my left ear feeling blocked and a "
                "loud buzzing, and sounds are muffled. I don't have a cold. I thought it was water "
                "from swimming, but it hasn't cleared.",
                "Sudden muffled hearing with buzzing in one ear, without a cold or pain, may be "
                "sudden sensorineural hearing loss, which is an emergency for the ear. Please see "
                "an ENT doctor today or tomorrow for a hearing test; steroid treatment started "
                "within the first days gives the best chance of recovery. Don't wait for it to "
                "clear by itself.",
                ("Tinnitus",),
            ),
            (
                "Factory Ho", "60~69", "male",
                "Constant hissing in both ears after years in a factory",
                "Dear doctor, I'm 63 and worked in a noisy metal factory for thirty years. I hear "
                "hissing in both ears all the time and struggle to follow conversations in "
                "restaurants. Is there any cure for the noise?",
                "Hissing in both ears after long noise exposure usually comes with noise-induced "
                "hearing loss, and the two are best treated together. A hearing test is the first "
                "step; well-fitted hearing aids often make conversations easier and the tinnitus "
                "less noticeable. There is no pill that removes tinnitus, but sound therapy and "
                "counselling help people live with it comfortably.",
                ("Tinnitus",),
            ),
            (
                "Stuffy Peggy", "30~39", "female",
                "Thick yellow mucus and aching cheeks three weeks after a cold",
                "Hello, I'm 37. After a cold three weeks ago my nose is still blocked with thick "
                "yellow mucus, and my cheeks and upper teeth ache when I bend down. I've been "
                "using a decongestant spray every day.",
                "A blocked nose with coloured mucus and pain in the cheeks and upper teeth after a "
                "cold suggests acute sinusitis, which is most often viral but can be bacterial "
                "when it lasts beyond ten days or gets worse again. Rinse your nose with saline "
                "twice a day and stop the decongestant spray, as using it for more than a week "
                "causes rebound congestion. An ENT or family doctor can decide whether you need "
                "antibiotics. Swelling or redness around the eye, double vision or a severe "
                "headache need emergency care.",
                ("Sinusitis",),
            ),
            (
                "No smell", "40~49", "male",
                "Blocked nose and no sense of smell for a year",
                "Hi doctor, I'm 45. For a year both sides of my nose have been blocked and I can "
                "no longer smell my food. I also have asthma. Nasal sprays help a little.",
                "Long-lasting blockage with loss of smell, especially with asthma, suggests "
                "chronic sinusitis with nasal polyps. An ENT doctor will look inside the nose with "
                "an endoscope and may order a CT scan of the sinuses. A steroid nasal spray used "
                "every day and saline rinses are the basis of treatment; some people need a course "
                "of steroid tablets, surgery or one of the newer biological medicines.",
                ("Sinusitis",),
            ),
        ],
    ),
    "orthopedics": (
        [("Knee Pain", True), ("Sprained Ankle", True)],
        [
            (
                "Auntie Mei", "50~59", "female",
                "Knee aches on the stairs and after sitting",
                "Hello doctor, I'm 58. My right knee aches going down stairs and when I stand up "
                "after sitting for a long time, and it's stiff for a few minutes in the morning. "
                "I'm a little overweight. Should I take glucosamine?",
                "Aching that is worse on stairs and after sitting, with brief morning stiffness, "
                "is typical of early knee osteoarthritis. Strengthening the thigh muscles, "
                "low-impact exercise such as cycling or swimming and losing some weight help the "
                "most, while glucosamine has little proven benefit. An X-ray can confirm it. See a "
                "doctor sooner if the knee becomes hot, very swollen or locks.",
                ("Knee Pain",),
            ),
            (
                "Point guard", "20~29", "male",
                "Knee gave way on landing and swelled up",
                "Hi, I'm 21. Last week I landed from a jump, heard a pop and my knee gave way. It "
                "swelled within hours. Now I can walk, but the knee feels unstable when I turn. Is "
                "it just a sprain?",
                "A pop, quick swelling and a knee that gives way on turning are typical of a torn "
                "anterior cruciate ligament. Please see an orthopaedic doctor for an examination "
                "and an MRI; until then, use ice, compression and crutches if needed, and avoid "
                "sports with twisting. Treatment depends on how active you want to be and ranges "
                "from physiotherapy to reconstruction surgery.",
                ("Knee Pain",),
            ),
            (
                "New runner", "30~39", "female",
                "Ache around both kneecaps since I took up running",
                "Hello, I'm 34 and started running three months ago. The front of both knees aches "
                "during runs and after I sit through a film with my knees bent. There's no "
                "swelling. Should I stop running?",
                "Pain around the kneecap when running and after sitting with bent knees is "
                "patellofemoral pain, the most common runner's knee problem, and it does not "
                "damage the joint. You don't need to stop completely: shorten your runs for a few "
                "weeks, build up more slowly afterwards and do exercises that strengthen the hips "
                "and thighs. If it hasn't improved in six to eight weeks, a physiotherapist or an "
                "orthopaedic doctor can assess your running and knees.",
                ("Knee Pain",),
            ),
            (
                "Curb step", "40~49", "male",
                "Ankle still swollen two weeks after twisting it",
                "Dear doctor, I'm 40. I twisted my left ankle stepping off a curb two weeks ago. "
                "It is still swollen and bruised on the outside, and I limp. Right after it "
                "happened I could walk a few steps. Do I need an X-ray?",
                "Most ankle sprains improve steadily, but one that is still swollen and makes you "
                "limp after two weeks should be examined, and an X-ray is reasonable to rule out a "
                "fracture, including of the foot bone on the outer side. Meanwhile keep it raised, "
                "wear a brace and start gentle movement exercises. Balance training afterwards "
                "lowers the chance of spraining it again.",
                ("Sprained Ankle",),
            ),
            (
                "Volleyball Joy", "10~19", "female",
                "Sprained the same ankle four times in two years",
                "Hello, I'm 17 and play volleyball. I've sprained my right ankle four times in two "
                "years, and now it feels weak and rolls on uneven ground. Should I just tape it "
                "before games?",
                "Repeated sprains with a feeling of giving way suggest chronic ankle instability. "
                "Taping or a brace helps during games, but the main treatment is six to eight "
                "weeks or more of balance and strengthening exercises with a physiotherapist. If "
                "the ankle still gives way after good rehabilitation, an orthopaedic doctor can "
                "assess the ligaments, sometimes with an MRI.",
                ("Sprained Ankle",),
            ),
            (
                "Grandma Tsou", "60~69", "female",
                "Twisted my ankle on a step and can't put weight on it",
                "I'm 66. An hour ago I twisted my ankle on a step. It swelled fast, the bone on "
                "the inner side is very tender and I can't manage four steps. Can I wait until "
                "tomorrow?",
                "Being unable to take four steps and tenderness over the ankle bone are the signs "
                "that call for an X-ray to look for a fracture. Please go to an emergency "
                "department or an orthopaedic clinic today; keep the foot raised with ice wrapped "
                "in a towel and don't walk on it. If the foot becomes cold, pale or numb, tell the "
                "staff at once.",
                ("Sprained Ankle",),
            ),
        ],
    ),
    "pediatrics": (
        [("Fever in Children", True), ("Child Growth", True)],
        [
            (
                "First-time dad", "0~9", "male",
                "Two-month-old baby with a temperature of 38.3",
                "Hello doctor, my son is 2 months old. Tonight his ear temperature is 38.3 °C and "
                "he is feeding less than usual. He had his vaccines last week. Can we wait until "
                "the morning?",
                "A fever of 38 °C or more in a baby under three months needs to be seen by a "
                "doctor the same day, even if he seems fairly well, because serious infections are "
                "harder to spot at this age. Please take him to an emergency department tonight. "
                "Dress him lightly and keep offering feeds on the way.",
                ("Fever in Children",),
            ),
            (
                "Mei's mum", "0~9", "female",
                "Four days of fever with red eyes and cracked lips",
                "Dear doctor, my daughter is 3. She has had a high fever for four days that "
                "medicine barely brings down, red eyes without discharge, bright red cracked lips "
                "and a rash on her tummy. The clinic said it was a virus.",
                "Fever for several days with red eyes, red cracked lips and a rash can be Kawasaki "
                "disease, which needs to be recognised early, because treatment within the first "
                "ten days protects the heart. Please take her to a hospital with a paediatric "
                "department today and mention these signs. Swollen hands or feet or a swollen "
                "gland in the neck are further clues to tell the doctor.",
                ("Fever in Children",),
            ),
            (
                "Scared parents", "0~9", "male",
                "Our toddler had a seizure with his fever",
                "Hello, our son is 18 months old. Yesterday, as his fever rose quickly, he went "
                "stiff and shook for about a minute, then fell asleep. The emergency doctor said "
                "it was a febrile seizure and sent us home. How do we prevent another one?",
                "Febrile seizures are common between six months and five years of age and, "
                "although frightening, do not harm the brain; about a third of children have "
                "another one with a later fever. Fever medicine makes a child more comfortable but "
                "does not prevent seizures. If it happens again, lay him on his side on a safe "
                "surface, put nothing in his mouth and time it; call an ambulance if it lasts more "
                "than five minutes, he has trouble breathing or he doesn't wake up normally "
                "afterwards.",
                ("Fever in Children",),
            ),
            (
                "Short family", "0~9", "female",
                "Daughter is the shortest in her class: does she need growth hormone?",
                "Dear doctor, my daughter is 8 and the shortest girl in her class, about 118 cm. "
                "She eats well and is healthy. My husband and I are both short (158 cm and 150 "
                "cm). Should she get growth hormone?",
                "With both parents on the short side and good health, she is most likely growing "
                "along her family's pattern. What matters most is her growth rate over time: a "
                "paediatrician can plot her height on a growth chart every six months and may "
                "check her bone age. Growth hormone is only used for specific conditions, and if "
                "she grows less than about 4 to 5 cm a year, further tests are needed.",
                ("Child Growth",),
            ),
            (
                "Wendy", "0~9", "female",
                "Breast buds and a growth spurt at seven",
                "Hello, my daughter is 7 years and 4 months old. I noticed small breast buds, and "
                "she has grown quickly this year and is taller than most of her classmates. Is "
                "this too early?",
                "Breast development before the age of eight in girls is considered early puberty "
                "and should be checked by a paediatric endocrinologist, with a bone-age X-ray and "
                "hormone tests. Early puberty can make a child tall now but shorter as an adult, "
                "and treatment can pause it if needed. Please arrange an appointment in the coming "
                "weeks.",
                ("Child Growth",),
            ),
            (
                "Late bloomer", "10~19", "male",
                "Son of 14 hasn't had his growth spurt yet",
                "Hi, my son is 14 and much shorter than his friends, and his voice hasn't broken "
                "yet. I was a late bloomer myself. Should we worry?",
                "Many boys, especially those with a parent who matured late, start puberty at 13 "
                "or 14 and catch up later; this is called constitutional delay of growth. Since he "
                "is 14 with no sign of puberty yet, a paediatrician should examine him and plot "
                "his growth, usually with a bone-age X-ray. Being much smaller than his friends "
                "can be hard at this age, so it is worth asking him how he feels about it.",
                ("Child Growth",),
            ),
        ],
    ),
    "obstetrics-and-gynecology": (
        [("Irregular Periods", True), ("Pregnancy", True)],
        [
            (
                "Ann", "20~29", "female",
                "Periods only every two or three months since high school",
                "Hello doctor, I'm 24. Since high school my periods have come every 60 to 90 days. "
                "I have acne and some hair on my chin, and I've put on weight in the last two "
                "years. Will this affect having children later?",
                "Infrequent periods with acne, extra hair and weight gain suggest polycystic ovary "
                "syndrome (PCOS), which a gynaecologist can diagnose with an ultrasound and "
                "hormone tests. PCOS can make getting pregnant slower, but most women do conceive, "
                "with treatment if needed. Losing even 5% of body weight often makes periods more "
                "regular, and having at least four periods a year protects the lining of the womb.",
                ("Irregular Periods",),
            ),
            (
                "Heavy months", "40~49", "female",
                "Heavy, irregular bleeding at 47",
                "Dear doctor, I'm 47. For six months my periods have come every two to three "
                "weeks, very heavy and with clots, and I get dizzy. My last check-up found that "
                "I'm anaemic.",
                "Irregular heavy bleeding around the menopause is common, but at your age it needs "
                "an examination, with an ultrasound and sometimes a sample of the womb lining, to "
                "rule out fibroids, polyps or changes in the lining. Please see a gynaecologist "
                "soon, and treat the anaemia with iron as advised. Go to an emergency department "
                "if you soak a pad every hour for several hours or feel faint.",
                ("Irregular Periods",),
            ),
            (
                "Triathlete", "30~39", "female",
                "No period for five months since I started triathlon training",
                "Hi, I'm 31 and began training for triathlons this year. I've lost 7 kg and my "
                "period hasn't come for five months. Pregnancy tests are negative. Honestly, I "
                "find it convenient.",
                "Periods that stop after weight loss and hard training usually mean the body has "
                "too little energy for its needs, which lowers oestrogen and, over time, weakens "
                "the bones. Please see a gynaecologist for an examination and blood tests, and "
                "consider a sports dietitian to help you eat enough for your training. It is not "
                "something to leave untreated, however convenient it feels.",
                ("Irregular Periods",),
            ),
            (
                "Coffee first", "30~39", "female",
                "Can I drink coffee while pregnant?",
                "Hello doctor, I'm 33 and eight weeks pregnant with my first child. I usually have "
                "two lattes a day at work. Do I need to stop completely?",
                "You don't need to stop completely: up to about 200 mg of caffeine a day, roughly "
                "one mug of brewed coffee or two small lattes depending on their strength, is "
                "considered safe in pregnancy. Remember that tea, cola and chocolate contain "
                "caffeine too. At eight weeks, please also make sure you are taking folic acid and "
                "have booked your first antenatal visit.",
                ("Pregnancy",),
            ),
            (
                "Hopeful", "30~39", "female",
                "Bleeding and cramps at seven weeks pregnant",
                "Dear doctor, I'm 36 and 7 weeks pregnant. Since this morning I've had some red "
                "bleeding, like a light period, and mild cramps. My first scan is next week. What "
                "should I do?",
                "Bleeding in early pregnancy is common and many pregnancies continue normally, but "
                "it should be checked with an ultrasound, so please contact your obstetrician "
                "today rather than waiting for next week. Go to an emergency department at once if "
                "the bleeding becomes heavy, you have severe pain on one side or pain at the tip "
                "of your shoulder, or you feel faint, as these can be signs of an ectopic "
                "pregnancy.",
                ("Pregnancy",),
            ),
            (
                "Planning at 41", "40~49", "female",
                "Planning a pregnancy at 41: what should I check first?",
                "Hello, I'm 41 and my husband and I want a baby. I take medicine for mild high "
                "blood pressure. What tests should we do before trying?",
                "It is good to plan ahead: start folic acid now, and ask your doctor to review "
                "your blood pressure medicine, because some kinds are not safe in pregnancy and "
                "need changing before you conceive. A pre-pregnancy check usually includes blood "
                "tests, rubella immunity and a cervical smear if one is due. At 41, if you haven't "
                "conceived after six months of trying, see a fertility specialist without waiting "
                "longer.",
                ("Pregnancy",),
            ),
        ],
    ),
    "family-medicine": (
        [("Health Check-ups", True), ("Common Cold", True)],
        [
            (
                "Smoker Ray", "40~49", "male",
                "Which check-ups do I need at 40?",
                "Hello doctor, I'm 40, smoke half a pack a day and have never had a health check. "
                "My father had a stroke at 62. Where should I start?",
                "A good start at 40 is blood pressure, blood sugar, cholesterol, weight and kidney "
                "function, and in Taiwan the National Health Insurance adult health check covers "
                "these free of charge every three years from 40. With your smoking and your "
                "father's stroke, the heart and blood vessel risks matter most, and stopping "
                "smoking is the single most useful step; a smoking cessation clinic can help. Ask "
                "about the one-time hepatitis B and C screening as well.",
                ("Health Check-ups",),
            ),
            (
                "Fatty liver", "50~59", "female",
                "Check-up says my liver enzymes are high",
                "Dear doctor, I'm 52. My company check-up shows an ALT of 68 and a fatty liver on "
                "the ultrasound. I don't drink and I feel well. Do I need medicine?",
                "Mildly raised liver enzymes with a fatty liver in someone who doesn't drink is "
                "usually non-alcoholic fatty liver disease, which improves with losing 7 to 10% of "
                "body weight, less sugar and refined starch, and regular exercise; there is no "
                "standard medicine for it. Your doctor should also check for hepatitis B and C and "
                "measure blood sugar and cholesterol, which often go with it. Repeat the blood "
                "test in three to six months.",
                ("Health Check-ups",),
            ),
            (
                "Uncle Chang", "60~69", "male",
                "Positive stool test but I feel fine: is a colonoscopy necessary?",
                "Hi, I'm 62. The screening stool test from the health bureau came back positive, "
                "but I have no symptoms and I haven't seen any blood. A friend says the test is "
                "often wrong. Do I really need a colonoscopy?",
                "Yes, a positive stool test should always be followed by a colonoscopy, even "
                "without symptoms: the test picks up blood you cannot see, and a colonoscopy finds "
                "the cause, often polyps that can be removed before they turn into cancer. Most "
                "positive results do not mean cancer, but skipping the follow-up leaves that "
                "question open. Please book it in the next few weeks.",
                ("Health Check-ups",),
            ),
            (
                "Tickly throat", "30~39", "female",
                "Cough that has lasted three weeks after a cold",
                "Hello, I'm 35. I had a cold a month ago; the fever and sore throat went away, but "
                "a dry, tickly cough remains, worse at night and when I talk a lot. I don't smoke. "
                "Do I need antibiotics?",
                "A dry cough that lingers for three to eight weeks after a cold is common and is "
                "usually caused by irritated airways, not by bacteria, so antibiotics rarely help. "
                "Honey, warm drinks and avoiding smoke usually let it settle. See a doctor if it "
                "lasts beyond eight weeks, or sooner if you cough up blood, lose weight, sweat at "
                "night, or feel breathless or wheezy.",
                ("Common Cold",),
            ),
            (
                "Exam next week", "20~29", "male",
                "Cold with a sore throat: will antibiotics speed it up?",
                "Hi doctor, I'm 26. Two days ago I got a runny nose, a sore throat and a mild "
                "fever of 37.8. I have an important exam next week and want to recover fast. Can a "
                "clinic give me antibiotics to speed things up?",
                "A runny nose, sore throat and low fever are a common cold caused by a virus, and "
                "antibiotics don't speed up recovery; they only add side effects. Rest, fluids, "
                "paracetamol for the throat and fever, and salt-water gargles help while it runs "
                "its course over about a week. See a doctor if the fever rises above 39 °C or "
                "lasts more than three days, if you have trouble swallowing or breathing, or if "
                "one side of your throat swells badly.",
                ("Common Cold",),
            ),
            (
                "Her son", "70~79", "female",
                "My mother's cold turned into fever and fast breathing",
                "Dear doctor, my mother is 78. She caught a cold five days ago, and today she has "
                "a fever of 38.5, a wet cough with yellow phlegm, and she's breathing faster and "
                "seems confused. Should we wait and see?",
                "In an older person, fever, a wet cough, fast breathing and new confusion after a "
                "cold are signs of possible pneumonia, which needs prompt treatment. Please don't "
                "wait: take her to an emergency department today. If she becomes very drowsy, her "
                "lips turn bluish or she struggles to breathe, call 119 for an ambulance.",
                ("Common Cold",),
            ),
        ],
    ),
}  # fmt: skip

# What each topic is about, in a sentence (English name: description).
TOPIC_DESCRIPTIONS = {
    "Involuntary Body Movements": "Jerks, twitches and other movements of the body that "
        "happen without being willed.",
    "Sleep": "Sleep, its rhythms and what the body does while asleep.",
    "Facial Twitching": "Twitches and spasms of the face, such as hemifacial spasm.",
    "Body Shaking": "Shaking of the whole body or the limbs, from nerves, low blood sugar or "
        "illness.",
    "Eyelid Muscle Twitching": "Flickering of an eyelid, usually harmless and linked to "
        "tiredness and stress.",
    "Muscle Cramp": "Sudden, painful tightening of a muscle, most often in the calf.",
    "Tremor": "Rhythmic shaking of the hands or body, such as essential tremor or Parkinson's "
        "disease.",
    "Autonomic Nervous System Dysfunction": "Trouble with the body's automatic controls: heart "
        "rate, blood pressure, sweating and digestion.",
    "Leg Numbness": "Numbness, tingling or burning in the legs and feet.",
    "Muscle Fasciculation": "Small, visible twitches of a muscle under the skin, mostly benign.",
    "Herniated Disc": "A spinal disc pressing on a nerve: back or neck pain running into a "
        "limb.",
    "Head Injury": "Knocks to the head, concussion, and the signs that need an emergency visit.",
    "Carpal Tunnel": "Numb, tingling fingers from a nerve squeezed at the wrist.",
    "Insomnia": "Trouble falling asleep or staying asleep, and waking too early.",
    "Anxiety": "Worry, nervousness and panic that get in the way of daily life.",
    "Depression": "Low mood and loss of interest that last for weeks.",
    "Palpitations": "Feeling the heart race, pound, flutter or skip a beat.",
    "High Blood Pressure": "Raised blood pressure: measuring it at home and bringing it down.",
    "Eczema": "Dry, itchy, inflamed skin, on the hands, in skin folds or anywhere else.",
    "Acne": "Pimples, blackheads and deep spots on the face, chest and back.",
    "Moles": "Moles, and the changes in them that should be checked.",
    "Acid Reflux": "Stomach acid rising into the gullet: heartburn, a sour taste, hoarseness.",
    "Irritable Bowel": "Recurring belly pain with diarrhoea, constipation or both, without a "
        "visible cause.",
    "Dry Eye": "Dry, gritty, burning or watering eyes.",
    "Floaters": "Spots and threads drifting across the vision, and flashes of light.",
    "Tinnitus": "Ringing, buzzing or hissing in the ears.",
    "Sinusitis": "Inflamed sinuses: a blocked nose, coloured mucus and pain in the face.",
    "Knee Pain": "Pain in the knee from wear, sports injuries or overuse.",
    "Sprained Ankle": "Twisted ankles, torn ligaments and ankles that keep giving way.",
    "Fever in Children": "Fever in babies and children, and when it needs a doctor at once.",
    "Child Growth": "Height, weight and puberty in children and teenagers.",
    "Irregular Periods": "Periods that come too often, too rarely, too heavily or not at all.",
    "Pregnancy": "Planning a pregnancy, the months of pregnancy and their worries.",
    "Health Check-ups": "Screening tests, and what to do with their results.",
    "Common Cold": "Colds, sore throats and the coughs they leave behind.",
}  # fmt: skip

# Each topic's name and short description in Traditional Chinese (English name: both).
TOPICS_ZH = {
    "Involuntary Body Movements": ("身體不自主運動", "身體不由自主地抽動、扭動或擺動。"),
    "Sleep": ("睡眠", "睡眠品質、作息與睡眠中發生的狀況。"),
    "Facial Twitching": ("臉部抽搐", "臉部肌肉不自主地跳動，例如半面痙攣。"),
    "Body Shaking": ("身體發抖", "全身或四肢發抖，可能來自緊張、低血糖或疾病。"),
    "Eyelid Muscle Twitching": ("眼皮跳", "眼皮不自主地跳動，多與疲勞和壓力有關。"),
    "Muscle Cramp": ("肌肉抽筋", "肌肉突然強烈收縮而疼痛，最常發生在小腿。"),
    "Tremor": ("顫抖", "手或身體規律地抖動，例如本態性顫抖或巴金森氏症。"),
    "Autonomic Nervous System Dysfunction": ("自律神經失調", "心跳、血壓、排汗與消化等自主調節"
                                             "出現問題。"),
    "Leg Numbness": ("腳麻", "腿部或腳部麻木、刺痛或有灼熱感。"),
    "Muscle Fasciculation": ("肌肉跳動", "皮膚下的肌肉細微跳動，多數是良性的。"),
    "Herniated Disc": ("椎間盤突出", "椎間盤壓迫神經，造成腰痛或頸痛並延伸到手腳。"),
    "Head Injury": ("頭部外傷", "頭部撞擊、腦震盪，以及需要立即就醫的警訊。"),
    "Carpal Tunnel": ("腕隧道症候群", "手腕處神經受壓迫，造成手指麻木刺痛。"),
    "Insomnia": ("失眠", "難以入睡、睡不安穩或太早醒來。"),
    "Anxiety": ("焦慮", "影響日常生活的擔心、緊張與恐慌。"),
    "Depression": ("憂鬱", "持續數週的情緒低落與失去興趣。"),
    "Palpitations": ("心悸", "感覺心跳過快、過重、亂跳或漏跳一拍。"),
    "High Blood Pressure": ("高血壓", "血壓偏高：居家量血壓的方法與如何降低血壓。"),
    "Eczema": ("濕疹", "皮膚乾燥、發癢、發炎，常見於手部與皮膚皺褶處。"),
    "Acne": ("青春痘", "臉部、胸口與背部的粉刺、痘痘與囊腫。"),
    "Moles": ("痣", "痣的變化，以及哪些變化需要檢查。"),
    "Acid Reflux": ("胃食道逆流", "胃酸逆流到食道：胸口灼熱、嘴巴酸苦、聲音沙啞。"),
    "Irritable Bowel": ("大腸激躁症", "反覆腹痛並伴隨腹瀉或便秘，檢查卻找不到明顯原因。"),
    "Dry Eye": ("乾眼症", "眼睛乾澀、有異物感、灼熱或流淚。"),
    "Floaters": ("飛蚊症", "眼前有黑點或細絲飄動，以及閃光。"),
    "Tinnitus": ("耳鳴", "耳朵裡有嗡嗡聲、嘶嘶聲或鈴聲。"),
    "Sinusitis": ("鼻竇炎", "鼻竇發炎：鼻塞、膿鼻涕與臉部疼痛。"),
    "Knee Pain": ("膝蓋痛", "退化、運動傷害或過度使用造成的膝蓋疼痛。"),
    "Sprained Ankle": ("腳踝扭傷", "腳踝扭傷、韌帶撕裂與反覆扭傷。"),
    "Fever in Children": ("兒童發燒", "嬰幼兒與兒童發燒，以及何時需要立即就醫。"),
    "Child Growth": ("兒童生長", "兒童與青少年的身高、體重與青春期發育。"),
    "Irregular Periods": ("月經不規則", "月經太頻繁、太久才來、量太多或沒有來。"),
    "Pregnancy": ("懷孕", "備孕、懷孕期間的變化與常見的擔心。"),
    "Health Check-ups": ("健康檢查", "篩檢項目，以及檢查結果異常時該怎麼做。"),
    "Common Cold": ("感冒", "感冒、喉嚨痛，以及感冒後久咳不癒。"),
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
    DemoQA(
        nickname="阿凱", age_range="30~39", gender="male", department="neurology",
        title="左眼皮一直跳，已經兩個禮拜了",
        body="醫師您好，我今年 32 歲，是工程師，每天看電腦超過十小時。最近兩個禮拜左下眼皮一直跳，"
             "一天好幾次，不會痛，視力也正常。長輩說眼皮跳是不好的預兆，"
             "我比較擔心會不會是中風的前兆？",
        doctor="jiang-junyi",
        reply="您好：單側眼皮跳動、視力正常且沒有其他症狀，多半是良性的眼瞼肌肉顫動，與疲勞、"
              "睡眠不足、長時間用眼及咖啡因有關，並不是中風的徵兆。建議規律作息，"
              "每用眼一小時休息幾分鐘，並減少咖啡與茶。若跳動超過兩三個月、眼睛閉起來無法睜開，"
              "或抽動擴散到臉頰、嘴角，請到神經內科門診檢查。",
        asked_at=_at(2026, 5, 12),
        topics=("Eyelid Muscle Twitching",),
    ),
    DemoQA(
        nickname="林媽媽", age_range="60~69", gender="female", department="neurology",
        title="兩腳腳底麻麻刺刺的，晚上更明顯",
        body="醫師好，我 64 歲，有糖尿病十年了。最近半年兩腳腳底常常麻麻刺刺的，好像隔了一層襪子，"
             "晚上睡覺時更明顯。血糖控制得不是很好。請問這是糖尿病引起的嗎？要做什麼檢查？",
        doctor="yeh-po-shou",
        reply="您好：雙腳從腳趾、腳底開始對稱性的麻木刺痛，是糖尿病周邊神經病變常見的表現。"
              "建議與您的醫師討論把血糖控制好，並抽血檢查維生素 B12，長期服用 metformin "
              "的人比較容易缺乏。每天檢查雙腳有沒有傷口或水泡，若傷口久不癒合或紅腫發熱，"
              "請儘速就醫；也可以到神經內科安排神經傳導檢查。",
        asked_at=_at(2026, 2, 24),
        topics=("Leg Numbness",),
    ),
    DemoQA(
        nickname="阿豪", age_range="40~49", gender="male", department="neurosurgery",
        title="搬重物後腰痛，痛到右腳發麻",
        body="醫師您好，我 45 歲，做搬家工作。三週前搬冰箱時閃到腰，之後從屁股一路痛到右小腿外側，"
             "還會麻，咳嗽或打噴嚏時更痛。吃止痛藥有好一點。請問是椎間盤突出嗎？一定要開刀嗎？",
        doctor="ding-xianwei",
        reply="您好：腰痛合併沿著腿部放射的疼痛與麻木，咳嗽時加劇，"
              "很可能是腰椎椎間盤突出壓迫神經根。大多數患者在六到十二週內，經由藥物、"
              "適度活動及復健就能改善，不一定需要開刀。若出現大小便失禁或解不出來、會陰部麻木，"
              "或腳越來越無力，請立即到急診就醫。",
        asked_at=_at(2026, 4, 7),
        topics=("Herniated Disc",),
    ),
    DemoQA(
        nickname="陳小姐", age_range="80+", gender="female", department="neurosurgery",
        title="媽媽跌倒撞到頭，要不要去急診？",
        body="醫師您好，我媽媽 83 歲，有在吃抗凝血劑。今天早上她在浴室滑倒，後腦勺撞到地板，"
             "腫了一個包，目前意識清楚，說有點頭痛。請問需要馬上帶她去醫院嗎？還是在家觀察就好？",
        doctor="ding-xianwei",
        reply="您好：年長者服用抗凝血劑時頭部受到撞擊，即使當下意識清楚，顱內出血的風險仍然較高，"
              "建議今天就到急診評估，醫師可能會安排腦部電腦斷層。之後的幾天到幾週內，"
              "若出現頭痛加劇、嘔吐、嗜睡、意識混亂、講話不清或一側手腳無力，請立即回到急診。",
        asked_at=_at(2026, 8, 21),
        topics=("Head Injury",),
    ),
    DemoQA(
        nickname="新手媽媽", age_range="30~39", gender="female", department="psychiatry",
        title="生完小孩兩個月，每天都想哭",
        body="醫師您好，我 31 歲，兩個月前生了第一胎。最近每天都很想哭，對什麼事都提不起勁，"
             "寶寶哭的時候我會覺得很煩，又很自責自己不是好媽媽。寶寶晚上睡了，"
             "我反而躺在床上胡思亂想。請問我是不是生病了？",
        doctor="chen-mei-ling",
        reply="您好：產後頭兩週的情緒起伏很常見，但若心情低落、失去興趣與自責持續超過兩週，"
              "可能是產後憂鬱症，並不是您不夠努力。建議儘快到身心科或婦產科門診評估，"
              "也請家人分擔夜間照顧，讓您有時間休息。若有傷害自己或寶寶的念頭，請立即就醫或撥打 "
              "1925 安心專線。",
        asked_at=_at(2026, 3, 16),
        topics=("Depression",),
    ),
    DemoQA(
        nickname="奶茶控", age_range="20~29", gender="female", department="cardiology",
        title="晚上躺著常覺得心臟漏跳一拍",
        body="醫師您好，我 27 歲，上班時每天會喝兩杯咖啡和一杯手搖飲。最近晚上躺在床上，"
             "常覺得心臟突然重重跳一下，接著好像停一拍，一小時會有好幾次。從來沒有昏倒過。"
             "請問需要做什麼檢查？",
        doctor="lin-chih-hao",
        reply="您好：心臟「重跳一下再停一拍」的感覺，多半是早期收縮，健康的人也很常見，咖啡因、"
              "熬夜和壓力都會讓它更明顯。建議先減少咖啡與含糖飲料、規律作息，再到心臟內科做心電圖，"
              "必要時配戴 24 小時心電圖監測。若心悸合併胸痛、喘不過氣或昏倒，請儘速就醫。",
        asked_at=_at(2026, 1, 19),
        topics=("Palpitations",),
    ),
    DemoQA(
        nickname="小綠", age_range="10~19", gender="male", department="dermatology",
        title="臉上和背上的痘痘一直冒，擠完還留黑印",
        body="醫師您好，我 16 歲，額頭、臉頰和背上長了很多痘痘，有些又紅又腫會痛，"
             "擠完留下黑黑的印子。媽媽買的洗面乳洗完臉很乾，也沒有改善。請問要怎麼治療？"
             "會自己好嗎？",
        doctor="wang-shu-fen",
        reply="您好：紅腫疼痛的發炎性痘痘容易留下疤痕，建議不要等它自己好，也請避免用手擠。"
              "皮膚科醫師可依嚴重程度開立外用 A 酸、過氧化苯甲醯或口服抗生素，"
              "通常需要持續使用兩到三個月才看得出效果。洗臉請選擇溫和的洗面乳，洗完記得保濕。",
        asked_at=_at(2026, 6, 27),
        topics=("Acne",),
    ),
    DemoQA(
        nickname="上班小資", age_range="30~39", gender="female", department="gastroenterology",
        title="一緊張就肚子絞痛、一直跑廁所",
        body="醫師好，我 33 歲。這一年多來只要壓力大或要開會，早上就會肚子絞痛、脹氣，一直跑廁所，"
             "上完廁所就比較舒服。週末在家就很少發生。抽血檢查都正常。請問這是大腸激躁症嗎？",
        doctor="huang-kuo-wei",
        reply="您好：腹痛在排便後緩解、與壓力有關、反覆超過半年且檢查正常，符合大腸激躁症的表現。"
              "建議三餐定時，減少油炸與辛辣食物，可以在營養師協助下嘗試低 FODMAP 飲食，"
              "並搭配規律運動與紓壓。若有血便、半夜因腹瀉醒來、體重減輕，或家族有大腸癌病史，"
              "請到胃腸肝膽科門診進一步檢查。",
        asked_at=_at(2026, 5, 30),
        topics=("Irritable Bowel",),
    ),
    DemoQA(
        nickname="眼睛好乾", age_range="40~49", gender="female", department="ophthalmology",
        title="整天看電腦，眼睛乾澀又一直流眼淚",
        body="醫師您好，我 44 歲，做會計工作，每天盯著電腦八小時以上。到了下午眼睛就很乾、"
             "刺刺的像有沙子，有時候反而一直流眼淚。點人工淚液只能撐半小時。請問這是乾眼症嗎？",
        doctor="tsai-ya-ting",
        reply="您好：眼睛乾澀、有異物感，卻又反射性流淚，是乾眼症常見的表現。"
              "建議每用眼二十分鐘就看遠處二十秒並完整眨眼，避免冷氣直吹臉部，"
              "改用不含防腐劑的人工淚液並增加使用次數，睡前熱敷眼皮也有幫助。若眼睛紅痛、"
              "怕光或視力變差，請到眼科門診檢查。",
        asked_at=_at(2026, 4, 22),
        topics=("Dry Eye",),
    ),
    DemoQA(
        nickname="近視阿偉", age_range="20~29", gender="male", department="ophthalmology",
        title="眼前突然多了很多黑點，還會閃光",
        body="醫師您好，我 29 歲，高度近視八百度。今天下午右眼突然看到很多小黑點飄來飄去，"
             "在暗的地方眼角還會有閃光，視力好像還好。請問可以等下週再看醫生嗎？",
        doctor="tsai-ya-ting",
        reply="您好：突然大量出現飛蚊並合併閃光，可能是玻璃體拉扯視網膜所致，"
              "高度近視的人發生視網膜裂孔的風險較高。請不要等到下週，"
              "建議今天或明天就到眼科散瞳檢查視網膜。若視野出現像窗簾一樣遮住的黑影，"
              "請立即到急診。",
        asked_at=_at(2026, 7, 9),
        topics=("Floaters",),
    ),
    DemoQA(
        nickname="王老師", age_range="50~59", gender="female", department="otolaryngology",
        title="左耳突然嗡嗡叫，聽力好像變差了",
        body="醫師您好，我 53 歲，是國小老師。前天早上起床後左耳一直嗡嗡叫，覺得耳朵悶悶塞住，"
             "講電話時左邊聽不太清楚。沒有感冒，耳朵也不會痛。請問需要馬上看醫生嗎？",
        doctor="wu-chien-hung",
        reply="您好：突然發生的單側耳鳴、耳悶加上聽力變差，需要考慮突發性耳聾，這是耳朵的急症。"
              "建議儘快，最好在一兩天內到耳鼻喉科做聽力檢查，越早開始類固醇治療，"
              "聽力恢復的機會越大。請不要等它自己好。",
        asked_at=_at(2026, 3, 3),
        topics=("Tinnitus",),
    ),
    DemoQA(
        nickname="阿宏", age_range="30~39", gender="male", department="otolaryngology",
        title="感冒後黃鼻涕三週，低頭時臉頰會痛",
        body="醫師好，我 36 歲。三週前感冒，之後鼻子一直塞，擤出來都是黃綠色的鼻涕，"
             "低頭時臉頰和上排牙齒會痛。我每天都在噴藥局買的鼻塞噴劑。請問這是鼻竇炎嗎？"
             "需要吃抗生素嗎？",
        doctor="wu-chien-hung",
        reply="您好：感冒後鼻塞、膿鼻涕超過十天，合併臉頰與上排牙齒疼痛，可能是急性鼻竇炎。"
              "鼻塞噴劑連續使用超過一週反而會造成反彈性鼻塞，建議停用，改用生理食鹽水洗鼻，"
              "並到耳鼻喉科評估是否需要抗生素。若出現眼睛周圍紅腫、視力模糊或複視、劇烈頭痛，"
              "請立即就醫。",
        asked_at=_at(2025, 12, 11),
        topics=("Sinusitis",),
    ),
    DemoQA(
        nickname="阿雲", age_range="50~59", gender="female", department="orthopedics",
        title="爬山後下樓梯膝蓋痛，蹲下也站不起來",
        body="醫師您好，我 57 歲，假日喜歡爬山。這半年來右膝蓋下樓梯時會痛，蹲下再站起來也很吃力，"
             "早上起床膝蓋會僵硬幾分鐘。朋友推薦吃葡萄糖胺，請問有用嗎？",
        doctor="cheng-yu-chun",
        reply="您好：下樓梯、蹲站時疼痛，早上短暫僵硬，是退化性膝關節炎早期常見的症狀。"
              "強化大腿肌力、控制體重，並以騎腳踏車或游泳取代部分爬山，幫助最大；"
              "葡萄糖胺的效果並不明確。可以到骨科門診照 X 光確認。若膝蓋紅腫發熱，"
              "或突然卡住無法伸直，請儘早就醫。",
        asked_at=_at(2026, 2, 8),
        topics=("Knee Pain",),
    ),
    DemoQA(
        nickname="球場小李", age_range="20~29", gender="male", department="orthopedics",
        title="打籃球扭到腳踝，腫了一個禮拜",
        body="醫師好，我 22 歲。上週打籃球落地時踩到別人的腳，右腳踝外側馬上腫起來，"
             "當下還可以走幾步。現在過了一週還是腫，走路會痛，有一大片瘀青。請問需要照 X 光嗎？",
        doctor="cheng-yu-chun",
        reply="您好：腳踝扭傷後外側腫脹瘀青很常見，多數是韌帶拉傷。若按壓踝骨會痛，"
              "或無法自己走四步，建議照 X 光排除骨折。急性期請休息、冰敷、加壓並抬高患肢，"
              "之後逐步做活動度與平衡訓練，減少再次扭傷。若仍明顯腫痛或走路不穩，"
              "請到骨科門診檢查。",
        asked_at=_at(2026, 6, 14),
        topics=("Sprained Ankle",),
    ),
    DemoQA(
        nickname="小米媽", age_range="0~9", gender="female", department="pediatrics",
        title="一歲寶寶三個月體重都沒增加",
        body="醫師您好，我女兒一歲兩個月，這三個月來體重都停在 8.5 公斤左右，身高倒是有在長。"
             "她很挑食，喝奶也喝不多，但活動力很好。請問這樣算生長遲緩嗎？",
        doctor="hsu-pei-shan",
        reply="您好：判斷孩子長得好不好，要看生長曲線的趨勢，而不是單一次的數字。"
              "若體重原本在某一條百分位線上，這幾個月明顯往下掉，就需要評估飲食、"
              "排便及有無慢性疾病。建議帶著兒童健康手冊到小兒科門診，"
              "請醫師畫出生長曲線並討論飲食安排。若同時有反覆嘔吐、腹瀉或活動力變差，請儘早就醫。",
        asked_at=_at(2026, 7, 28),
        topics=("Child Growth",),
    ),
    DemoQA(
        nickname="考生小芸", age_range="10~19", gender="female",
        department="obstetrics-and-gynecology",
        title="準備考試壓力大，月經晚了快兩個月",
        body="醫師您好，我 18 歲，正在準備學測。以前月經都很準，這次已經晚了快兩個月，沒有性行為。"
             "最近常常熬夜，也瘦了三公斤。請問要去看醫生嗎？會不會影響以後生育？",
        doctor="kao-hui-chen",
        reply="您好：壓力大、睡眠不足與體重減輕，都可能讓大腦暫時減少調控月經的荷爾蒙，使月經延遲，"
              "多半在生活恢復規律後就會回來，通常不會影響日後生育。建議儘量規律作息並均衡飲食。"
              "若月經超過三個月沒來、體重持續下降，或出現頭痛、乳頭分泌乳汁等情形，"
              "請到婦產科門診檢查。",
        asked_at=_at(2026, 1, 6),
        topics=("Irregular Periods",),
    ),
    DemoQA(
        nickname="小蘋果", age_range="30~39", gender="female",
        department="obstetrics-and-gynecology",
        title="懷孕九週吐到連水都喝不下",
        body="醫師您好，我 30 歲，懷孕九週。這一週每天吐五六次，連喝水都會吐，尿量變少、顏色很深，"
             "體重掉了兩公斤，整個人很虛弱。請問這樣正常嗎？要等下次產檢再說嗎？",
        doctor="kao-hui-chen",
        reply="您好：懷孕初期噁心嘔吐很常見，但吐到無法進食喝水、尿量減少且體重下降，"
              "可能是妊娠劇吐，容易造成脫水與電解質失衡。請不要等到產檢，"
              "建議今天就回婦產科門診或到急診，可能需要打點滴補充水分並使用止吐藥。"
              "平時可以少量多餐，吃蘇打餅乾等清淡的食物。",
        asked_at=_at(2026, 8, 30),
        topics=("Pregnancy",),
    ),
    DemoQA(
        nickname="健檢族", age_range="40~49", gender="male", department="family-medicine",
        title="健康檢查膽固醇偏高，需要馬上吃藥嗎？",
        body="醫師好，我 46 歲。公司健檢報告顯示總膽固醇 248，低密度膽固醇 165，三酸甘油酯也偏高。"
             "我不抽菸，血壓正常，但平常很少運動、三餐都外食。請問需要馬上吃降血脂藥嗎？",
        doctor="chang-wen-chieh",
        reply="您好：是否需要用藥，要看整體的心血管風險，包括年齡、血壓、血糖、抽菸與家族史，"
              "而不只是單一數值。以您目前的狀況，可以先調整飲食，減少油炸、加工肉品與甜食，"
              "每週運動至少一百五十分鐘，三個月後再抽血追蹤。若有糖尿病、家族早發性心臟病，"
              "或數值仍明顯偏高，請到家醫科門診討論用藥。",
        asked_at=_at(2026, 4, 15),
        topics=("Health Check-ups",),
    ),
    DemoQA(
        nickname="小華", age_range="20~29", gender="female", department="family-medicine",
        title="感冒好了一個多月，還是一直乾咳",
        body="醫師您好，我 26 歲，一個多月前感冒，發燒和喉嚨痛都好了，但還是一直乾咳，"
             "晚上躺下和話講多了咳得更厲害。我沒有抽菸。吃了兩次診所開的藥都沒用，請問要照胸部 X "
             "光嗎？",
        doctor="chang-wen-chieh",
        reply="您好：感冒後咳嗽持續三到八週很常見，多半是呼吸道仍處於敏感狀態，不一定需要抗生素。"
              "不過已經超過一個月，建議到家醫科門診聽診並照胸部 X 光，也要考慮鼻涕倒流、"
              "氣喘或胃酸逆流造成的慢性咳嗽。若咳血、體重減輕、夜間盜汗或呼吸喘，請儘速就醫。",
        asked_at=_at(2025, 11, 20),
        topics=("Common Cold",),
    ),
]  # fmt: skip


def generated_qas(rng: random.Random) -> list[DemoQA]:
    """The departments' written Q&A, each replied to by a doctor of its department, asked
    every few days back from ANCHOR."""
    doctors_by_department: dict[str, list[str]] = {}
    for _name, slug, department, *_rest in DOCTORS:
        doctors_by_department.setdefault(department, []).append(slug)
    written = [(department, *qa) for department, (_topics, qas) in GENERATED.items() for qa in qas]
    # Spread the departments over time, so that the latest answers are not all one kind.
    rng.shuffle(written)
    return [
        DemoQA(
            nickname=nickname, age_range=age_range, gender=gender, department=department,
            title=title, body=body, doctor=rng.choice(doctors_by_department[department]),
            reply=reply, asked_at=ANCHOR - timedelta(days=day * 4, hours=rng.randint(0, 12)),
            topics=topics,
        )
        for day, (department, nickname, age_range, gender, title, body, reply, topics)
        in enumerate(written, 1)
    ]  # fmt: skip


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
